#pragma once

#include <QFont>
#include <QString>

#include <memory>
#include <unordered_map>

class QTextDocument;

namespace rill {

// The parsed and laid-out text of the chat's rows. Parsing markdown and laying
// it out is far too slow to redo for every paint and size hint, and both ask
// for the same document many times a second while a row is streaming.
class TextDocumentCache
{
public:
    enum class Format { Plain, Markdown };

    TextDocumentCache();
    ~TextDocumentCache();

    // The document of `row`, laid out `width` pixels wide. It is parsed again
    // only when the text, format or font changed, laid out again only when the
    // width changed. Valid until the next call for the same row or clear().
    QTextDocument *document(
        int row, const QString &text, Format format, const QFont &font, qreal width);

    // The document last made for `row`, or null: what was drawn, for tests
    // and for reading the text as shown.
    const QTextDocument *cached(int row) const;

    // Drops everything: rows were removed or renumbered.
    void clear();

private:
    struct Entry
    {
        QString text;
        Format format = Format::Plain;
        QFont font;
        std::unique_ptr<QTextDocument> document;
    };

    std::unordered_map<int, Entry> m_entries;
};

} // namespace rill
