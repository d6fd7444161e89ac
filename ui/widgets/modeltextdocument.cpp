#include "ui/widgets/modeltextdocument.h"

#include "ui/widgets/chatstyle.h"
#include "ui/widgets/codehighlighter.h"

#include <QAbstractTextDocumentLayout>
#include <QGuiApplication>
#include <QPalette>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextFrame>
#include <QTextTable>

#include <algorithm>
#include <atomic>

namespace rill {

namespace {

std::atomic<int> refusedResources { 0 };

} // namespace

ModelTextDocument::ModelTextDocument(QObject *parent)
    : QTextDocument(parent)
{ }

void ModelTextDocument::setModelMarkdown(const QString &markdown)
{
    setMarkdown(markdown,
        QTextDocument::MarkdownFeatures(
            QTextDocument::MarkdownDialectGitHub | QTextDocument::MarkdownNoHTML));
    replaceImagesWithText();
    highlightCodeBlocks();
    wrapCodeBlocks();
    alignTableBaselines();
}

void ModelTextDocument::alignTableBaselines()
{
    // Cells are top-aligned, so a cell whose first line is drawn with a CJK
    // fallback font (a taller ascent than the UI font's) sits lower than its
    // Latin neighbours, and looks bottom-aligned beside them. Qt 6.4 lays out
    // no baseline alignment for cells, so each cell gets the top padding that
    // brings its first baseline down to its row's lowest. The ascents come from
    // a layout without wrapping: the fonts a cell's first paragraph uses.
    const qreal width = textWidth();
    setTextWidth(-1);
    for (QTextFrame *frame : rootFrame()->childFrames()) {
        auto *table = qobject_cast<QTextTable *>(frame);
        if (!table)
            continue;
        const qreal padding = table->format().cellPadding();
        for (int row = 0; row < table->rows(); ++row) {
            QList<qreal> ascents;
            for (int column = 0; column < table->columns(); ++column) {
                const QTextBlock block = findBlock(table->cellAt(row, column).firstPosition());
                const QTextLayout *layout = block.layout();
                documentLayout()->blockBoundingRect(block); // lays the block out
                ascents.append(layout && layout->lineCount() > 0 ? layout->lineAt(0).ascent() : 0);
            }
            const qreal lowest = *std::max_element(ascents.cbegin(), ascents.cend());
            for (int column = 0; column < table->columns(); ++column) {
                QTextTableCell cell = table->cellAt(row, column);
                if (cell.row() != row || cell.column() != column || lowest - ascents[column] < 0.5)
                    continue; // a spanned cell, or already on the baseline
                QTextTableCellFormat format = cell.format().toTableCellFormat();
                format.setTopPadding(padding + lowest - ascents[column]);
                cell.setFormat(format);
            }
        }
    }
    setTextWidth(width);
}

void ModelTextDocument::highlightCodeBlocks()
{
    // A code block's lines are blocks that must not break (until wrapCodeBlocks),
    // with the fence's language. An unclosed fence (an answer still streaming)
    // is code to the end already, so it is highlighted the same way and the
    // closing fence changes nothing that was drawn.
    const QPalette palette = QGuiApplication::palette();
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    QTextBlockFormat background;
    background.setBackground(ChatColors::from(palette).codeBackground);
    QTextCursor cursor(this);
    for (QTextBlock block = begin(); block.isValid();) {
        if (!block.blockFormat().nonBreakableLines()) {
            block = block.next();
            continue;
        }
        const QString language = block.blockFormat().stringProperty(QTextFormat::BlockCodeLanguage);
        QList<QTextBlock> lines;
        QStringList text;
        for (; block.isValid() && block.blockFormat().nonBreakableLines()
             && block.blockFormat().stringProperty(QTextFormat::BlockCodeLanguage) == language;
             block = block.next()) {
            lines.append(block);
            text.append(block.text());
        }
        for (const QTextBlock &line : std::as_const(lines)) {
            cursor.setPosition(line.position());
            cursor.mergeBlockFormat(background);
        }
        const auto spans = CodeHighlighter::highlight(language, text.join(u'\n'));
        for (qsizetype i = 0; i < spans.size() && i < lines.size(); ++i) {
            const int position = lines.at(i).position();
            for (const CodeHighlighter::Span &span : spans.at(i)) {
                cursor.setPosition(position + span.start);
                cursor.setPosition(position + span.start + span.length, QTextCursor::KeepAnchor);
                cursor.mergeCharFormat(CodeHighlighter::format(span.element, dark));
            }
        }
    }
}

void ModelTextDocument::wrapCodeBlocks()
{
    // Code blocks come marked as lines that must not break: a long one would
    // run past the bubble's edge and be cut off there. Wrapped, all of it shows.
    QTextCursor cursor(this);
    for (QTextBlock block = begin(); block.isValid(); block = block.next()) {
        if (!block.blockFormat().nonBreakableLines())
            continue;
        QTextBlockFormat format;
        format.setNonBreakableLines(false);
        cursor.setPosition(block.position());
        cursor.mergeBlockFormat(format);
    }
}

void ModelTextDocument::replaceImagesWithText()
{
    // Refusing in loadResource is not enough for an image: Qt's image handler
    // then tries the name as a file path itself. So no image is left for it.
    struct Image
    {
        int position;
        QString text;
    };
    QList<Image> images;
    for (QTextBlock block = begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            const QTextCharFormat format = fragment.charFormat();
            if (!format.isImageFormat())
                continue;
            const QTextImageFormat image = format.toImageFormat();
            const QString alt = image.property(QTextFormat::ImageAltText).toString();
            const QString text
                = alt.isEmpty() ? image.name() : alt + QStringLiteral(" (") + image.name() + u')';
            // One replacement character per image in the fragment.
            for (int i = 0; i < fragment.length(); ++i)
                images.append({ fragment.position() + i, text });
        }
    }
    QTextCursor cursor(this);
    QTextCharFormat plain;
    plain.setFontItalic(true);
    // From the end, so that earlier positions stay valid.
    for (auto it = images.crbegin(); it != images.crend(); ++it) {
        cursor.setPosition(it->position);
        cursor.setPosition(it->position + 1, QTextCursor::KeepAnchor);
        cursor.insertText(it->text, plain);
    }
}

int ModelTextDocument::refusedResourceCount()
{
    return refusedResources.load();
}

QVariant ModelTextDocument::loadResource(int type, const QUrl &name)
{
    Q_UNUSED(type)
    Q_UNUSED(name)
    // An empty answer: the image is drawn as a placeholder, nothing is read.
    ++refusedResources;
    return {};
}

} // namespace rill
