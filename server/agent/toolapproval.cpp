#include "server/agent/toolapproval.h"

#include <QRandomGenerator>

namespace rill {

namespace {

// Decided calls remembered for a 409 rather than a 404; a late answer older than
// that many calls gets 404, which is as safe: nothing runs either way.
constexpr qsizetype kSettledKept = 4096;

QString newCallId()
{
    // Unguessable, so that a client of another session cannot answer by counting.
    const quint64 a = QRandomGenerator::system()->generate64();
    const quint64 b = QRandomGenerator::system()->generate64();
    return QStringLiteral("call-%1%2")
        .arg(a, 16, 16, QLatin1Char('0'))
        .arg(b, 16, 16, QLatin1Char('0'));
}

} // namespace

std::optional<ApprovalDecision> parseApprovalDecision(const QString &text)
{
    if (text == QLatin1String("allow"))
        return ApprovalDecision::Allow;
    if (text == QLatin1String("allow-always"))
        return ApprovalDecision::AllowAlways;
    if (text == QLatin1String("deny"))
        return ApprovalDecision::Deny;
    return std::nullopt;
}

QString approvalDecisionName(ApprovalDecision decision)
{
    switch (decision) {
    case ApprovalDecision::Allow:
        return QStringLiteral("allow");
    case ApprovalDecision::AllowAlways:
        return QStringLiteral("allow-always");
    case ApprovalDecision::Deny:
        return QStringLiteral("deny");
    }
    return {};
}

PendingApproval::PendingApproval(ToolApprovals *approvals, QString sessionId, QString callId,
    std::chrono::milliseconds timeout, QObject *parent)
    : QObject(parent)
    , m_approvals(approvals)
    , m_sessionId(std::move(sessionId))
    , m_callId(std::move(callId))
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(timeout);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (m_approvals)
            m_approvals->settle(m_sessionId, m_callId, QStringLiteral("timed out"));
        m_approvals = nullptr;
        emit decided(ApprovalDecision::Deny, true);
    });
    m_timer.start();
}

PendingApproval::~PendingApproval()
{
    // Withdrawn before an answer: the run stopped.
    if (m_approvals)
        m_approvals->settle(m_sessionId, m_callId, QStringLiteral("withdrawn: its run stopped"));
}

ToolApprovals::~ToolApprovals()
{
    for (PendingApproval *pending : std::as_const(m_pending))
        pending->m_approvals = nullptr;
}

QString ToolApprovals::key(const QString &sessionId, const QString &callId)
{
    return sessionId + u'\n' + callId;
}

PendingApproval *ToolApprovals::ask(
    const QString &sessionId, std::chrono::milliseconds timeout, QObject *owner)
{
    auto *pending = new PendingApproval(this, sessionId, newCallId(), timeout, owner);
    m_pending.insert(key(sessionId, pending->callId()), pending);
    ++m_sessions[sessionId];
    return pending;
}

ToolApprovals::Answer ToolApprovals::answer(
    const QString &sessionId, const QString &callId, ApprovalDecision decision, QString *outcome)
{
    const QString k = key(sessionId, callId);
    if (const auto settled = m_settled.constFind(k); settled != m_settled.cend()) {
        if (outcome)
            *outcome = *settled;
        return Answer::AlreadyDecided;
    }
    PendingApproval *pending = m_pending.value(k);
    if (!pending)
        return m_sessions.contains(sessionId) ? Answer::UnknownCall : Answer::UnknownSession;
    settle(sessionId, callId,
        decision == ApprovalDecision::Deny        ? QStringLiteral("denied")
            : decision == ApprovalDecision::Allow ? QStringLiteral("allowed")
                                                  : QStringLiteral("allowed always"));
    pending->m_approvals = nullptr;
    pending->m_timer.stop();
    emit pending->decided(decision, false);
    return Answer::Accepted;
}

void ToolApprovals::settle(const QString &sessionId, const QString &callId, const QString &outcome)
{
    const QString k = key(sessionId, callId);
    m_pending.remove(k);
    m_settled.insert(k, outcome);
    m_settledOrder.append(k);
    while (m_settledOrder.size() > kSettledKept) {
        const QString oldest = m_settledOrder.takeFirst();
        m_settled.remove(oldest);
        const QString session = oldest.section(u'\n', 0, 0);
        if (--m_sessions[session] <= 0)
            m_sessions.remove(session);
    }
}

} // namespace rill
