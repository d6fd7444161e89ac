#pragma once

#include <QList>
#include <QString>

namespace rill {

// Separates a model's thinking from its answer when both come in the content,
// as `<think>…</think>` (Qwen3, DeepSeek-R1 through a plain chat template) or
// `<thinking>…</thinking>`. Fed the content piece by piece, it returns what can
// be told apart so far; a tag split across pieces at any character is held
// back until it is whole. Only a tag that opens the answer (after blank space)
// starts thinking: a `<think>` quoted later, or a lone `</think>` in an
// ordinary answer, is answer text like any other.
class ThinkTagSplitter
{
public:
    struct Piece
    {
        enum class Kind { Thinking, Answer };
        Kind kind;
        QString text;
        friend bool operator==(const Piece &, const Piece &) = default;
    };

    QList<Piece> feed(const QString &content);
    // The content is complete: whatever was held back comes out (an unclosed
    // span is thinking cut short, a partial tag at the start is answer text).
    QList<Piece> finish();
    // Inside a thinking span (its closing tag not yet seen).
    bool thinking() const { return m_state == State::Thinking; }

private:
    enum class State { BeforeAnswer, Thinking, AfterThinking, Answer };

    void drain(QList<Piece> &out, bool final);
    static void add(QList<Piece> &out, Piece::Kind kind, const QString &text);

    State m_state = State::BeforeAnswer;
    QString m_pending; // held back: it may be the start of a tag
    QString m_closeTag;
};

} // namespace rill
