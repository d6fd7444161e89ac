#include "ui/widgets/textdocumentcache.h"

#include "ui/widgets/modeltextdocument.h"

#include <QTextDocument>
#include <QTextOption>

namespace rill {

namespace {

bool sameText(const QString &cached, const QString &text)
{
    // The model hands out shared copies of its strings: an unchanged row is
    // recognised without comparing its characters.
    return cached.isSharedWith(text) || cached == text;
}

} // namespace

TextDocumentCache::TextDocumentCache() = default;
TextDocumentCache::~TextDocumentCache() = default;

QTextDocument *TextDocumentCache::document(
    int row, const QString &text, Format format, const QFont &font, qreal width)
{
    Entry &entry = m_entries[row];
    if (!entry.document || entry.format != format || entry.font != font
        || !sameText(entry.text, text)) {
        auto document = std::make_unique<ModelTextDocument>();
        document->setDocumentMargin(0);
        document->setIndentWidth(20);
        document->setDefaultFont(font);
        // Long words (URLs, hashes) must not push the text out of its bubble.
        QTextOption option = document->defaultTextOption();
        option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
        document->setDefaultTextOption(option);
        if (format == Format::Markdown)
            document->setModelMarkdown(text);
        else
            document->setPlainText(text);
        document->setTextWidth(width);
        entry = { text, format, font, std::move(document) };
    } else if (entry.document->textWidth() != width) {
        // setTextWidth lays the document out again even for the same width.
        entry.document->setTextWidth(width);
    }
    return entry.document.get();
}

const QTextDocument *TextDocumentCache::cached(int row) const
{
    const auto found = m_entries.find(row);
    return found == m_entries.end() ? nullptr : found->second.document.get();
}

void TextDocumentCache::clear()
{
    m_entries.clear();
}

} // namespace rill
