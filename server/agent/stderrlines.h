// What a child process (a process agent's script, an MCP server) writes on stderr, read
// line by line: each complete line is logged by the caller, and the last one is kept to
// quote in a failure reason (usually the end of a traceback).
#pragma once

#include <QByteArray>

namespace rill {

class StderrLines
{
public:
    // A line longer than `maxPending` bytes without a newline is dropped, not kept.
    explicit StderrLines(qsizetype maxPending)
        : m_maxPending(maxPending)
    { }

    // Appends `bytes` and calls onLine(line) for each complete, non-empty line, trimmed.
    template<typename OnLine>
    void feed(const QByteArray &bytes, OnLine onLine)
    {
        m_pending += bytes;
        qsizetype newline;
        while ((newline = m_pending.indexOf('\n')) >= 0) {
            const QByteArray line = m_pending.left(newline).trimmed();
            m_pending.remove(0, newline + 1);
            if (line.isEmpty())
                continue;
            m_lastLine = line;
            onLine(line);
        }
        if (m_pending.size() > m_maxPending)
            m_pending.clear();
    }
    // The child has ended: an unfinished last line counts as its last line.
    void finish()
    {
        if (!m_pending.trimmed().isEmpty())
            m_lastLine = m_pending.trimmed();
    }
    const QByteArray &lastLine() const { return m_lastLine; }
    void clear()
    {
        m_pending.clear();
        m_lastLine.clear();
    }

private:
    qsizetype m_maxPending;
    QByteArray m_pending;
    QByteArray m_lastLine;
};

} // namespace rill
