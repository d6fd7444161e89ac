#include "ui/widgets/chatmodel.h"

#include "ui/widgets/thinkingblock.h"

#include <algorithm>

namespace rill {

namespace {

// Step numbers come from the server; one far too large must not allocate a huge card.
constexpr int kMaxSteps = 100;

bool isBusy(const PlanSteps &steps)
{
    return std::any_of(steps.cbegin(), steps.cend(),
        [](const PlanStep &step) { return step.state == StepState::Running; });
}

// A plain-text rendering of a plan, for accessibility and copying.
QString planSummary(const PlanSteps &steps)
{
    QStringList lines;
    for (const PlanStep &step : steps) {
        static const QString marks[] = { QStringLiteral("•"), QStringLiteral("…"),
            QStringLiteral("✓"), QStringLiteral("✗") };
        QString line = marks[int(step.state)] + u' ' + step.title;
        if (!step.detail.isEmpty())
            line += QStringLiteral(" — ") + step.detail;
        lines.append(line);
    }
    return lines.join(u'\n');
}

} // namespace

ChatModel::ChatModel(QObject *parent)
    : QAbstractListModel(parent)
{
    m_clock.start();
    // Fast enough for tenths of a second to count smoothly, slow enough that
    // re-laying out a long thinking block costs little.
    m_ticker.setInterval(100);
    connect(&m_ticker, &QTimer::timeout, this, &ChatModel::tick);
}

int ChatModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

QVariant ChatModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ChatItem &item = m_items.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        if (item.kind == ChatItem::Kind::Thinking)
            return ThinkingBlock::markdown(item, m_tally.thinkingMs(m_clock.elapsed()));
        return item.kind == ChatItem::Kind::Plan ? planSummary(item.steps) : item.text;
    case KindRole:
        return int(item.kind);
    case TextRole:
        if (item.kind == ChatItem::Kind::Thinking)
            return ThinkingBlock::markdown(item, m_tally.thinkingMs(m_clock.elapsed()));
        return item.text;
    case StatsRole: {
        if (item.kind != ChatItem::Kind::Assistant)
            return {};
        // The answer being written shows the figures as this window counts them.
        const std::optional<RunStats> stats = item.stats ? item.stats
            : index.row() == m_answerRow && item.end == RunEnd::Open
            ? m_tally.stats(m_clock.elapsed())
            : std::nullopt;
        return stats ? describeStats(*stats) : QString();
    }
    case ExpandedRole:
        return item.expanded;
    case StepsRole:
        return item.kind == ChatItem::Kind::Plan ? QVariant::fromValue(item.steps) : QVariant();
    case BusyRole:
        return isBusy(item.steps);
    case EndRole:
        return int(item.end);
    case VersionRole:
        return item.shownVersion;
    case VersionCountRole:
        return std::max(1, int(item.versions.size()));
    default:
        return {};
    }
}

QHash<int, QByteArray> ChatModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(KindRole, "kind");
    names.insert(TextRole, "text");
    names.insert(StepsRole, "steps");
    names.insert(BusyRole, "busy");
    names.insert(EndRole, "end");
    names.insert(StatsRole, "stats");
    names.insert(ExpandedRole, "expanded");
    names.insert(VersionRole, "version");
    names.insert(VersionCountRole, "versionCount");
    return names;
}

StepState ChatModel::stepStateFromString(const QString &state)
{
    // Other servers word their states differently; the common words are understood.
    static const QStringList done { QStringLiteral("done"), QStringLiteral("completed"),
        QStringLiteral("complete"), QStringLiteral("success"), QStringLiteral("succeeded") };
    static const QStringList failed { QStringLiteral("failed"), QStringLiteral("error"),
        QStringLiteral("failure") };
    static const QStringList pending { QStringLiteral("pending"), QStringLiteral("waiting"),
        QStringLiteral("queued") };
    const QString word = state.trimmed().toLower();
    if (done.contains(word))
        return StepState::Done;
    if (failed.contains(word))
        return StepState::Failed;
    if (pending.contains(word))
        return StepState::Pending;
    return StepState::Running;
}

void ChatModel::addUserMessage(const QString &text)
{
    startTurn();
    ChatItem item { ChatItem::Kind::User, text, {} };
    item.versions = std::exchange(m_pendingVersions, {});
    item.shownVersion = std::max(0, int(item.versions.size()) - 1);
    append(std::move(item));
}

void ChatModel::startTurn()
{
    m_tally.start(m_clock.elapsed());
    m_thinkingRow = -1;
    m_planRow = -1;
    m_streamRow = -1;
    m_answerRow = -1;
    m_stopping = false;
    m_failed = false;
}

void ChatModel::addAssistantMessage(const QString &markdown)
{
    finishThinking();
    // An agent that streamed its answer may send the whole of it at the end;
    // it replaces the streamed text instead of showing the answer twice.
    if (m_streamRow >= 0 && markdown.startsWith(m_items.at(m_streamRow).text)) {
        const int row = std::exchange(m_streamRow, -1);
        if (m_items.at(row).text != markdown) {
            m_items[row].text = markdown;
            rowChanged(row, { Qt::DisplayRole, Qt::AccessibleTextRole, TextRole });
        }
        return;
    }
    m_streamRow = -1;
    append({ ChatItem::Kind::Assistant, markdown, {} });
    m_answerRow = int(m_items.size()) - 1;
}

void ChatModel::appendAssistantDelta(const QString &text)
{
    if (text.isEmpty())
        return;
    m_tally.add(Message::make(MessageType::Delta, text), m_clock.elapsed());
    finishThinking();
    if (m_streamRow < 0 || m_streamRow != m_items.size() - 1) {
        append({ ChatItem::Kind::Assistant, text, {}, RunEnd::Open });
        m_streamRow = m_answerRow = int(m_items.size()) - 1;
        m_ticker.start();
        return;
    }
    m_items[m_streamRow].text += text;
    rowChanged(m_streamRow, { Qt::DisplayRole, Qt::AccessibleTextRole, TextRole });
}

void ChatModel::appendReasoning(const QString &text)
{
    if (text.isEmpty())
        return;
    m_tally.add(Message::make(MessageType::Reasoning, text), m_clock.elapsed());
    if (m_thinkingRow >= 0 && m_items.at(m_thinkingRow).end == RunEnd::Open) {
        m_items[m_thinkingRow].text += text;
        rowChanged(m_thinkingRow, { Qt::DisplayRole, Qt::AccessibleTextRole, TextRole });
        return;
    }
    // Open while it thinks, so that the thinking can be read as it comes.
    ChatItem block { ChatItem::Kind::Thinking, text, {}, RunEnd::Open };
    block.expanded = true;
    m_streamRow = -1; // an answer after the thinking is a row of its own
    append(std::move(block));
    m_thinkingRow = int(m_items.size()) - 1;
    m_ticker.start();
}

void ChatModel::finishThinking()
{
    if (m_thinkingRow < 0 || m_items.at(m_thinkingRow).end != RunEnd::Open)
        return;
    ChatItem &block = m_items[m_thinkingRow];
    block.end = RunEnd::Completed;
    block.thinkingMs = m_tally.thinkingMs(m_clock.elapsed());
    block.expanded = m_keepThinkingOpen;
    rowChanged(m_thinkingRow,
        { Qt::DisplayRole, Qt::AccessibleTextRole, TextRole, EndRole, ExpandedRole });
}

void ChatModel::setAnswerStats(const RunStats &stats)
{
    if (m_answerRow < 0)
        return;
    m_items[m_answerRow].stats = stats;
    rowChanged(m_answerRow, { StatsRole });
}

void ChatModel::toggleThinking(int row)
{
    if (row < 0 || row >= m_items.size() || m_items.at(row).kind != ChatItem::Kind::Thinking)
        return;
    m_items[row].expanded = !m_items.at(row).expanded;
    rowChanged(row, { Qt::DisplayRole, Qt::AccessibleTextRole, TextRole, ExpandedRole });
}

void ChatModel::tick()
{
    const bool thinking = m_thinkingRow >= 0 && m_items.at(m_thinkingRow).end == RunEnd::Open;
    if (thinking)
        rowChanged(m_thinkingRow, { Qt::DisplayRole, Qt::AccessibleTextRole, TextRole });
    const bool streaming = m_answerRow >= 0 && m_items.at(m_answerRow).end == RunEnd::Open;
    if (streaming)
        rowChanged(m_answerRow, { StatsRole });
    if (!thinking && !streaming)
        m_ticker.stop();
}

void ChatModel::setPlanStep(int step, const QString &title)
{
    if (step <= 0) // a plan line without a number is the next one
        step = m_planRow < 0 ? 1 : int(m_items.at(m_planRow).steps.size()) + 1;
    if (step > kMaxSteps)
        return;
    changeStep(
        step, [&title](PlanStep &target) { return std::exchange(target.title, title) != title; });
}

void ChatModel::setStepState(int step, const QString &state, const QString &detail)
{
    if (step <= 0 || step > kMaxSteps)
        return; // cannot tell which step it is about
    const StepState newState = stepStateFromString(state);
    changeStep(step, [&](PlanStep &target) {
        // A state after an approval event: the call was answered, one way or the other.
        const bool changed = target.state != newState || target.detail != detail
            || !target.approvalCallId.isEmpty();
        target.state = newState;
        target.detail = detail;
        target.approvalCallId.clear();
        return changed;
    });
}

void ChatModel::addError(const QString &reason)
{
    finishThinking();
    m_streamRow = -1;
    m_failed = true;
    // One style for every message, whoever wrote it: a server's or an agent's
    // reason often starts in lower case.
    QString text = reason;
    if (!text.isEmpty())
        text[0] = text.at(0).toUpper();
    append({ ChatItem::Kind::Error, text, {} });
}

void ChatModel::markStopped()
{
    m_stopping = true;
}

void ChatModel::endRun()
{
    finishThinking();
    m_ticker.stop();
    m_streamRow = -1;
    const RunEnd end = m_stopping ? RunEnd::Stopped : m_failed ? RunEnd::Failed : RunEnd::Completed;
    m_stopping = false;
    if (m_answerRow >= 0) {
        const int row = std::exchange(m_answerRow, -1);
        // A failed run's error row says so already; a stopped answer is marked.
        const RunEnd answerEnd = end == RunEnd::Stopped ? end : RunEnd::Completed;
        // Without the server's figures, the ones this window counted stay, estimated.
        if (!m_items.at(row).stats)
            m_items[row].stats = m_tally.stats(m_clock.elapsed());
        if (std::exchange(m_items[row].end, answerEnd) != answerEnd)
            rowChanged(row, { EndRole, StatsRole });
    }
    if (m_planRow < 0)
        return;
    const int row = std::exchange(m_planRow, -1);
    ChatItem &plan = m_items[row];
    QList<int> roles { EndRole };
    if (isBusy(plan.steps))
        roles << Qt::DisplayRole << Qt::AccessibleTextRole << StepsRole << BusyRole;
    // What was under way when the stream ended did not finish: it failed with
    // the run, or waits as it was when the user stopped it.
    for (PlanStep &step : plan.steps) {
        if (step.state == StepState::Running)
            step.state = end == RunEnd::Failed ? StepState::Failed : StepState::Pending;
        if (!step.approvalCallId.isEmpty()) // nobody can answer a run that is over
            roles << Qt::DisplayRole << StepsRole;
        step.approvalCallId.clear();
    }
    plan.end = end;
    rowChanged(row, roles);
}

void ChatModel::clear()
{
    beginResetModel();
    m_items.clear();
    m_pendingVersions.clear();
    m_planRow = -1;
    m_streamRow = -1;
    m_answerRow = -1;
    m_thinkingRow = -1;
    m_ticker.stop();
    endResetModel();
}

void ChatModel::setItems(const QList<ChatItem> &items)
{
    beginResetModel();
    m_items = items;
    m_planRow = -1;
    m_streamRow = -1;
    m_answerRow = -1;
    m_thinkingRow = -1;
    m_ticker.stop();
    endResetModel();
}

void ChatModel::append(ChatItem item)
{
    const int row = int(m_items.size());
    beginInsertRows({}, row, row);
    m_items.append(std::move(item));
    endInsertRows();
}

void ChatModel::changeStep(int step, const std::function<bool(PlanStep &)> &change)
{
    if (m_planRow < 0) {
        ChatItem card { ChatItem::Kind::Plan, {}, PlanSteps(step), RunEnd::Open };
        change(card.steps[step - 1]);
        m_planRow = int(m_items.size());
        append(std::move(card));
        return;
    }
    PlanSteps &steps = m_items[m_planRow].steps;
    const bool wasBusy = isBusy(steps);
    const bool grew = steps.size() < step;
    if (grew)
        steps.resize(step);
    if (!change(steps[step - 1]) && !grew)
        return;
    QList<int> roles { Qt::DisplayRole, Qt::AccessibleTextRole, StepsRole };
    if (isBusy(steps) != wasBusy)
        roles.append(BusyRole);
    rowChanged(m_planRow, roles);
}

void ChatModel::rowChanged(int row, const QList<int> &roles)
{
    const QModelIndex changed = index(row);
    emit dataChanged(changed, changed, roles);
}

} // namespace rill
