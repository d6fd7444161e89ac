// Puts together the tool calls of an OpenAI-style stream: each chunk's
// `delta.tool_calls` carries pieces of calls, keyed by `index`, the first with
// the call's id and function name, the rest with more of its arguments' JSON
// text.
#pragma once

#include <QJsonArray>
#include <QList>
#include <QMap>
#include <QString>

namespace rill {

struct ToolCallRequest
{
    QString id;
    QString name;
    QString arguments; // JSON text, as the model wrote it
};

class ToolCallAccumulator
{
public:
    void feed(const QJsonArray &toolCallDeltas);
    bool isEmpty() const { return m_calls.isEmpty(); }
    // In index order; a call the model sent without an id gets one.
    QList<ToolCallRequest> calls() const;
    void clear() { m_calls.clear(); }

private:
    QMap<int, ToolCallRequest> m_calls;
};

} // namespace rill
