// Tool calls waiting for a person's consent (issue 17, "Approval over the
// protocol"). A run asks for a call and waits; any client of the session
// answers with POST /chat/approval, which finds the call here by session and
// call id. Unanswered for the timeout, the call is denied. The registry lives
// as long as the server, so answers reach calls whichever stream is open.
#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <chrono>
#include <optional>

namespace rill {

enum class ApprovalDecision { Allow, AllowAlways, Deny };

// "allow", "allow-always", "deny"; nothing for anything else.
std::optional<ApprovalDecision> parseApprovalDecision(const QString &text);
QString approvalDecisionName(ApprovalDecision decision);

class ToolApprovals;

// One call waiting. It is answered at most once: decided() comes from an
// answer or the timeout. Destroying it (the run stopped) withdraws the question.
class PendingApproval final : public QObject
{
    Q_OBJECT
public:
    ~PendingApproval() override;

    QString callId() const { return m_callId; }

signals:
    // `timedOut`: nobody answered in time (the decision is then Deny).
    void decided(rill::ApprovalDecision decision, bool timedOut);

private:
    friend class ToolApprovals;
    PendingApproval(ToolApprovals *approvals, QString sessionId, QString callId,
        std::chrono::milliseconds timeout, QObject *parent);

    QPointer<ToolApprovals> m_approvals;
    QString m_sessionId;
    QString m_callId;
    QTimer m_timer;
};

class ToolApprovals final : public QObject
{
    Q_OBJECT
public:
    enum class Answer {
        Accepted,
        UnknownSession, // no call of this session ever asked
        UnknownCall,
        AlreadyDecided, // answered, timed out, or its run stopped
    };

    using QObject::QObject;
    ~ToolApprovals() override;

    // A new question for a call of `sessionId`, owned by `owner` (the run).
    PendingApproval *ask(
        const QString &sessionId, std::chrono::milliseconds timeout, QObject *owner);
    // An answer from a client. With AlreadyDecided, `outcome` says what
    // became of the call ("allowed", "denied", "timed out"...).
    Answer answer(const QString &sessionId, const QString &callId, ApprovalDecision decision,
        QString *outcome = nullptr);

    int pendingCount() const { return int(m_pending.size()); }

private:
    friend class PendingApproval;
    static QString key(const QString &sessionId, const QString &callId);
    // Records how the call ended, forgetting the oldest records past a bound.
    void settle(const QString &sessionId, const QString &callId, const QString &outcome);

    QHash<QString, PendingApproval *> m_pending; // by key()
    QHash<QString, QString> m_settled; // key() -> outcome, for 409
    QStringList m_settledOrder; // oldest first
    QHash<QString, int> m_sessions; // calls asked per session, for 404's wording
};

} // namespace rill
