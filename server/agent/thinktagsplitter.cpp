#include "server/agent/thinktagsplitter.h"

namespace rill {

namespace {

const QString kOpenTags[] = { QStringLiteral("<think>"), QStringLiteral("<thinking>") };

qsizetype blankPrefixLength(const QString &text)
{
    qsizetype i = 0;
    while (i < text.size() && text.at(i).isSpace())
        ++i;
    return i;
}

// The length of the longest end of `text` that `tag` starts with.
qsizetype partialTagAtEnd(const QString &text, const QString &tag)
{
    for (qsizetype length = std::min(text.size(), tag.size() - 1); length > 0; --length) {
        if (QStringView(text).right(length) == QStringView(tag).left(length))
            return length;
    }
    return 0;
}

} // namespace

void ThinkTagSplitter::add(QList<Piece> &out, Piece::Kind kind, const QString &text)
{
    if (text.isEmpty())
        return;
    if (!out.isEmpty() && out.last().kind == kind)
        out.last().text += text;
    else
        out.append(Piece { kind, text });
}

QList<ThinkTagSplitter::Piece> ThinkTagSplitter::feed(const QString &content)
{
    QList<Piece> out;
    m_pending += content;
    drain(out, false);
    return out;
}

QList<ThinkTagSplitter::Piece> ThinkTagSplitter::finish()
{
    QList<Piece> out;
    drain(out, true);
    return out;
}

void ThinkTagSplitter::drain(QList<Piece> &out, bool final)
{
    for (;;) {
        switch (m_state) {
        case State::BeforeAnswer: {
            const qsizetype blank = blankPrefixLength(m_pending);
            const QStringView rest = QStringView(m_pending).mid(blank);
            if (rest.isEmpty() && !final)
                return; // only blank space so far: the tag may still come
            bool maybeTag = false;
            for (const QString &tag : kOpenTags) {
                if (rest.startsWith(tag)) {
                    m_closeTag = QStringLiteral("</") + tag.mid(1);
                    m_pending.remove(0, blank + tag.size());
                    m_state = State::Thinking;
                    break;
                }
                maybeTag = maybeTag || QStringView(tag).startsWith(rest);
            }
            if (m_state == State::Thinking)
                continue;
            if (maybeTag && !final)
                return; // "<thi": wait for the rest
            m_state = State::Answer;
            continue;
        }
        case State::Thinking: {
            const qsizetype close = m_pending.indexOf(m_closeTag);
            if (close >= 0) {
                add(out, Piece::Kind::Thinking, m_pending.left(close));
                m_pending.remove(0, close + m_closeTag.size());
                m_state = State::AfterThinking;
                continue;
            }
            const qsizetype held = final ? 0 : partialTagAtEnd(m_pending, m_closeTag);
            add(out, Piece::Kind::Thinking, m_pending.left(m_pending.size() - held));
            m_pending = m_pending.right(held);
            return;
        }
        case State::AfterThinking: {
            // The blank lines a model puts between its thinking and its answer
            // belong to neither.
            const qsizetype blank = blankPrefixLength(m_pending);
            m_pending.remove(0, blank);
            if (m_pending.isEmpty())
                return;
            m_state = State::Answer;
            continue;
        }
        case State::Answer:
            add(out, Piece::Kind::Answer, m_pending);
            m_pending.clear();
            return;
        }
    }
}

} // namespace rill
