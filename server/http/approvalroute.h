// POST /chat/approval: a client's answer to a tool call's `approval` event,
// {"sessionId", "callId", "decision": "allow" | "allow-always" | "deny"}.
// Read and answered here, apart from the HTTP plumbing of ChatServer.
#pragma once

#include "server/agent/toolapproval.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <variant>

namespace rill::ApprovalRoute {

struct Request
{
    QString sessionId;
    QString callId;
    ApprovalDecision decision = ApprovalDecision::Deny;
};

struct Reply
{
    int status = 200;
    QString reason; // an error's, for a status of 400 and over
    QJsonObject body; // a success's
};

// The body read, or 400 (415) naming the field that is wrong.
std::variant<Request, Reply> parse(const QByteArray &contentType, const QByteArray &body);

// What to answer: 200 with the decision, 404 for a session or call that is not
// waiting, 409 for a call already decided. `approvals` may be null (no tools).
Reply answer(ToolApprovals *approvals, const QByteArray &contentType, const QByteArray &body);

} // namespace rill::ApprovalRoute
