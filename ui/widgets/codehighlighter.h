#pragma once

#include <QList>
#include <QString>
#include <QTextCharFormat>

namespace rill {

// Syntax highlighting of a code block by GNU source-highlight (the library gdb
// uses; its language definitions ship in /usr/share/source-highlight), as
// character formats a QTextDocument can take. Languages are named as a fence's
// info string names them (`python`, `py`, `cpp`, `sh`, `json`...); one it does
// not know gets no highlighting, never an error.
class CodeHighlighter
{
public:
    // A run of characters in one line and the kind of text source-highlight saw
    // there ("keyword", "string", "comment", "type", "number"...).
    struct Span
    {
        int start; // in UTF-16 code units, from the line's start
        int length;
        QString element;
    };

    // Whether `language` has a definition.
    static bool knows(const QString &language);
    // The spans of each line of `code` (split at '\n'); empty when the language
    // is unknown. State carries over lines, so a comment or string spanning
    // lines is seen as one.
    static QList<QList<Span>> highlight(const QString &language, const QString &code);
    // The format for an element, for text on a background as light or dark as
    // `darkBackground` says; an invalid (empty) format for plain text.
    static QTextCharFormat format(const QString &element, bool darkBackground);
};

} // namespace rill
