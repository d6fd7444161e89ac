#include "ui/widgets/codeblockchrome.h"

#include "ui/widgets/chatstyle.h"
#include "ui/widgets/modeltextdocument.h"

#include <QAbstractTextDocumentLayout>
#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QPalette>
#include <QTextBlock>

namespace rill {

namespace {

constexpr qreal kButtonPaddingX = 8;
constexpr qreal kBandGap = 2; // between the band and the first line of code

QString copyText()
{
    return QCoreApplication::translate("CodeBlockChrome", "Copy");
}

QString copiedText()
{
    return QCoreApplication::translate("CodeBlockChrome", "Copied");
}

} // namespace

QList<CodeBlockChrome> CodeBlockChrome::of(const ModelTextDocument &document)
{
    QList<CodeBlockChrome> result;
    const QFontMetricsF metrics(document.defaultFont());
    const qreal buttonWidth
        = std::max(metrics.horizontalAdvance(copyText()), metrics.horizontalAdvance(copiedText()))
        + 2 * kButtonPaddingX;
    for (const ModelTextDocument::CodeBlock &block : document.codeBlocks()) {
        const QTextBlock first = document.findBlockByNumber(block.firstBlock);
        const QTextLayout *layout = first.layout();
        if (!first.isValid() || !layout)
            continue;
        // The layout sits below the block's top margin, which is the band.
        const QRectF text = document.documentLayout()->blockBoundingRect(first);
        const qreal bottom = layout->position().y() - kBandGap;
        const qreal height = document.headerHeight() - kBandGap;
        // As wide as the bubble, which shrinks to the widest line of a short answer.
        const qreal width = std::min(document.textWidth(), document.idealWidth());
        const QRectF band(text.left(), bottom - height, width - text.left(), height);
        const QRectF button(
            band.right() - buttonWidth, band.top() + 2, buttonWidth, band.height() - 4);
        result.append({ band, button, block.language, block.code });
    }
    return result;
}

void CodeBlockChrome::paint(QPainter *painter, const QList<CodeBlockChrome> &blocks,
    const QFont &font, const QPalette &palette, int copied)
{
    // The code's own background (ModelTextDocument::highlightCodeBlocks), and
    // the theme's colours for the rest.
    const ChatColors colors = ChatColors::from(palette);
    const QColor background = colors.codeBackground;
    const QColor label = colors.muted;
    const QColor border = colors.cardBorder;
    QFont small = font;
    small.setPointSizeF(font.pointSizeF() * 0.9);
    painter->save();
    painter->setFont(small);
    for (qsizetype i = 0; i < blocks.size(); ++i) {
        const CodeBlockChrome &block = blocks.at(i);
        painter->fillRect(block.band.adjusted(0, 0, 0, kBandGap), background);
        painter->setPen(label);
        painter->drawText(block.band.adjusted(kButtonPaddingX, 0, 0, 0),
            Qt::AlignLeft | Qt::AlignVCenter, block.language);
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(QPen(border, 1));
        painter->setBrush(palette.color(QPalette::Button));
        painter->drawRoundedRect(block.copyButton.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
        painter->setPen(palette.color(QPalette::ButtonText));
        painter->drawText(
            block.copyButton, Qt::AlignCenter, i == copied ? copiedText() : copyText());
    }
    painter->restore();
}

} // namespace rill
