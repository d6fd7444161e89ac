#include "server/agent/toolcallaccumulator.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace rill {

void ToolCallAccumulator::feed(const QJsonArray &toolCallDeltas)
{
    for (const QJsonValue &value : toolCallDeltas) {
        const QJsonObject delta = value.toObject();
        const QString id = delta.value(QLatin1String("id")).toString();
        int index;
        if (delta.value(QLatin1String("index")).isDouble()) {
            index = delta.value(QLatin1String("index")).toInt();
        } else if (!id.isEmpty()
            && std::none_of(m_calls.cbegin(), m_calls.cend(),
                [&id](const ToolCallRequest &call) { return call.id == id; })) {
            // Some servers send whole calls without an index: a new id is a new call.
            index = m_calls.isEmpty() ? 0 : m_calls.lastKey() + 1;
        } else {
            index = m_calls.isEmpty() ? 0 : m_calls.lastKey();
        }
        ToolCallRequest &call = m_calls[index];
        if (!id.isEmpty())
            call.id = id;
        const QJsonObject function = delta.value(QLatin1String("function")).toObject();
        const QString name = function.value(QLatin1String("name")).toString();
        // The name comes whole in the first piece; some servers repeat it.
        if (call.name.isEmpty())
            call.name = name;
        else if (name != call.name)
            call.name += name;
        const QJsonValue arguments = function.value(QLatin1String("arguments"));
        if (arguments.isString())
            call.arguments += arguments.toString();
        else if (arguments.isObject()) // Ollama sends an object, not text
            call.arguments = QString::fromUtf8(
                QJsonDocument(arguments.toObject()).toJson(QJsonDocument::Compact));
    }
}

QList<ToolCallRequest> ToolCallAccumulator::calls() const
{
    QList<ToolCallRequest> calls;
    for (auto it = m_calls.cbegin(); it != m_calls.cend(); ++it) {
        ToolCallRequest call = it.value();
        if (call.id.isEmpty())
            call.id = QStringLiteral("call_%1").arg(it.key());
        calls.append(call);
    }
    return calls;
}

} // namespace rill
