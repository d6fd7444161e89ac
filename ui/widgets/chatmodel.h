#pragma once

#include "ui/net/answertally.h"
#include "ui/widgets/chatitem.h"

#include <QAbstractListModel>
#include <QElapsedTimer>
#include <QTimer>

#include <functional>

namespace rill {

// The conversation as rows: what the user said, what the agent answered, the
// plan of each run, errors. A run only appends rows, so a failure never takes
// history with it; only the user replaces rows: a regenerated or edited turn
// keeps what it replaces as a version, and a turn is deleted when asked. A run's plan is one row
// that changes in place as its steps progress.
class ChatModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        KindRole = Qt::UserRole + 1, // int(ChatItem::Kind)
        TextRole, // QString: plain (user, error) or markdown (assistant)
        StepsRole, // PlanSteps, for plan rows
        BusyRole, // bool: a plan row with a step running, i.e. something to animate
        EndRole, // int(RunEnd): how the run of an answer or plan row ended
        StatsRole, // QString: an answer's figures, live while it streams
        ExpandedRole, // bool: a thinking block shows its reasoning
        VersionRole, // int: 0-based version of the turn a user row starts
        VersionCountRole, // int: how many versions that turn has (1: none kept)
    };
    Q_ENUM(Role)

    explicit ChatModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    const ChatItem &item(int row) const { return m_items.at(row); }
    const QList<ChatItem> &items() const { return m_items; }
    // The plan row of the run under way, or -1.
    int currentPlanRow() const { return m_planRow; }

    static StepState stepStateFromString(const QString &state);

    // The user row that starts the turn `row` belongs to, or -1 (none yet).
    int turnStart(int row) const;
    // The row after the turn starting at `row`: the next user row, or the end.
    int turnEnd(int row) const;

public slots:
    // Starts a new turn: later plan events get a plan card of their own.
    void addUserMessage(const QString &text);
    // Starts the turn again for the same message (Retry): a new card and answer
    // after what the failed attempt left, which stays as it was.
    void startTurn();
    void addAssistantMessage(const QString &markdown);
    // Grows the answer being streamed, or starts one.
    void appendAssistantDelta(const QString &text);
    // Grows the current turn's thinking block, or starts one above the answer.
    void appendReasoning(const QString &text);
    // The figures of the current turn's answer, as the server sent them.
    void setAnswerStats(const rill::RunStats &stats);
    // Opens or closes a thinking block.
    void toggleThinking(int row);
    // Whether a thinking block stays open once the answer starts.
    void setKeepThinkingOpen(bool keep) { m_keepThinkingOpen = keep; }
    void setPlanStep(int step, const QString &title);
    void setStepState(int step, const QString &state, const QString &detail);
    // A tool call's detail for `step` (chatmodeltools.cpp). `result` unset: not ended yet.
    void setStepTool(int step, const QString &tool, const QJsonValue &arguments,
        const std::optional<QString> &result);
    // The call of `step` waits for an answer; the step's next state event ends that.
    void setStepApproval(int step, const QString &callId);
    // Shows or hides the arguments and result of step `step` (1-based) of plan row `row`.
    void toggleStepDetail(int row, int step);
    void addError(const QString &reason);
    // The user is stopping the run: its rows end as stopped, not failed.
    void markStopped();
    // The stream is over: nothing it started is still running. Its plan and
    // answer say how it ended: stopped, failed (an error came), or completed.
    void endRun();
    void clear();
    // Shows a kept conversation: its rows as they were, no run under way.
    void setItems(const QList<ChatItem> &items);

    // Keeps the rows from the user row `row` on as a version of that turn and
    // takes them off the screen; the next addUserMessage() starts the new version.
    void startBranch(int row);
    // Shows version `version` of the turn starting at user row `row`, keeping
    // the one shown until now (and everything after it) among its versions.
    void showVersion(int row, int version);
    // Deletes the turn starting at user row `row`: the message, its plan and
    // answer, with all its versions. Later turns stay.
    void removeTurn(int row);

private:
    void append(ChatItem item);
    // Applies `change` to a step of the current run's plan card, creating the
    // card (already filled in, one insertion) on first use. `change` says
    // whether it changed anything.
    void changeStep(int step, const std::function<bool(PlanStep &)> &change);
    void rowChanged(int row, const QList<int> &roles);
    // The answer started (or the run ended): the thinking block says how long it took.
    void finishThinking();
    // Redraws what counts up: the open thinking block, the streaming answer's figures.
    void tick();

    void replaceFrom(int row, const QList<ChatItem> &tail);

    QList<ChatItem> m_items;
    QList<QList<ChatItem>> m_pendingVersions; // for the user row startBranch() makes room for
    int m_planRow = -1;
    int m_streamRow = -1; // the assistant row deltas are appended to
    int m_answerRow = -1; // the current run's answer, even after an error
    int m_thinkingRow = -1; // the current run's thinking block
    bool m_stopping = false;
    bool m_failed = false;
    bool m_keepThinkingOpen = false;
    QElapsedTimer m_clock; // for the turn's live figures
    AnswerTally m_tally;
    QTimer m_ticker;
};

} // namespace rill
