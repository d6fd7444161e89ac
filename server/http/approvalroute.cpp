#include "server/http/approvalroute.h"

#include "server/http/chatrequest.h"

#include <QJsonDocument>

namespace rill::ApprovalRoute {

namespace {

Reply error(int status, const QString &reason)
{
    return Reply { status, reason, {} };
}

} // namespace

std::variant<Request, Reply> parse(const QByteArray &contentType, const QByteArray &body)
{
    const qsizetype semicolon = contentType.indexOf(';');
    const QByteArray mime
        = (semicolon < 0 ? contentType : contentType.left(semicolon)).trimmed().toLower();
    if (!mime.isEmpty() && mime != "application/json" && !mime.endsWith("+json"))
        return error(415, QStringLiteral("unsupported Content-Type; send application/json"));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (!document.isObject())
        return error(400,
            QStringLiteral("the body must be a JSON object {\"sessionId\", \"callId\", "
                           "\"decision\"}%1")
                .arg(parseError.error != QJsonParseError::NoError
                        ? QStringLiteral(" (%1 at offset %2)")
                              .arg(parseError.errorString())
                              .arg(parseError.offset)
                        : QString()));
    const QJsonObject object = document.object();
    Request request;
    const QJsonValue sessionId = object.value(QLatin1String("sessionId"));
    request.sessionId = sessionId.toString();
    if (!sessionId.isString() || !isValidSessionId(request.sessionId))
        return error(400,
            QStringLiteral("sessionId: expected the session id of the stream that showed the "
                           "approval"));
    const QJsonValue callId = object.value(QLatin1String("callId"));
    request.callId = callId.toString();
    if (!callId.isString() || request.callId.isEmpty() || request.callId.size() > 200)
        return error(400, QStringLiteral("callId: expected the callId of the approval event"));
    const QJsonValue decision = object.value(QLatin1String("decision"));
    const std::optional<ApprovalDecision> parsed = parseApprovalDecision(decision.toString());
    if (!parsed)
        return error(
            400, QStringLiteral("decision: expected \"allow\", \"allow-always\" or \"deny\""));
    request.decision = *parsed;
    return request;
}

Reply answer(ToolApprovals *approvals, const QByteArray &contentType, const QByteArray &body)
{
    const std::variant<Request, Reply> parsed = parse(contentType, body);
    if (const auto *reply = std::get_if<Reply>(&parsed))
        return *reply;
    const Request &request = std::get<Request>(parsed);
    QString outcome;
    const ToolApprovals::Answer result = approvals
        ? approvals->answer(request.sessionId, request.callId, request.decision, &outcome)
        : ToolApprovals::Answer::UnknownSession;
    switch (result) {
    case ToolApprovals::Answer::UnknownSession:
        return error(404,
            QStringLiteral("no tool call of this session is waiting for approval (unknown or "
                           "expired session)"));
    case ToolApprovals::Answer::UnknownCall:
        return error(404, QStringLiteral("no call with this callId is waiting in this session"));
    case ToolApprovals::Answer::AlreadyDecided:
        return error(409, QStringLiteral("this call was already decided: %1").arg(outcome));
    case ToolApprovals::Answer::Accepted:
        break;
    }
    return Reply { 200, {},
        { { QStringLiteral("sessionId"), request.sessionId },
            { QStringLiteral("callId"), request.callId },
            { QStringLiteral("decision"), approvalDecisionName(request.decision) } } };
}

} // namespace rill::ApprovalRoute
