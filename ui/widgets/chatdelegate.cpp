#include "ui/widgets/chatdelegate.h"

#include "ui/widgets/chatmodel.h"
#include "ui/widgets/chatstyle.h"
#include "ui/widgets/plancardpainter.h"

#include <QAbstractItemView>
#include <QAbstractTextDocumentLayout>
#include <QFontMetrics>
#include <QPainter>
#include <QTextDocument>

#include <algorithm>
#include <cmath>

namespace rill {

using namespace ChatMetrics;

namespace {

ChatItem::Kind kindOf(const QModelIndex &index)
{
    return ChatItem::Kind(index.data(ChatModel::KindRole).toInt());
}

// The line under an answer that did not end as it would have ("Stopped"),
// or empty.
QString endCaption(const QModelIndex &index)
{
    if (kindOf(index) != ChatItem::Kind::Assistant)
        return {};
    // The answer's figures (live while it streams), then how it ended if not as it would have.
    QStringList parts;
    const QString stats = index.data(ChatModel::StatsRole).toString();
    if (!stats.isEmpty())
        parts << stats;
    if (RunEnd(index.data(ChatModel::EndRole).toInt()) == RunEnd::Stopped)
        parts << ChatDelegate::tr("Stopped");
    return parts.join(QStringLiteral(" · "));
}

QFont captionFont(const QFont &font)
{
    QFont caption = font;
    caption.setPointSizeF(font.pointSizeF() * 0.9);
    caption.setItalic(true);
    return caption;
}

} // namespace

ChatDelegate::ChatDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{ }

int ChatDelegate::rowWidth(const QStyleOptionViewItem &option)
{
    // A list view asks for size hints with an option whose rect is not the
    // row's; the viewport is what the text has to fit.
    if (const auto *view = qobject_cast<const QAbstractItemView *>(option.widget))
        return view->viewport()->width();
    return option.rect.width();
}

int ChatDelegate::bubbleWidth(int rowWidth)
{
    const int available = rowWidth - 2 * RowMarginX;
    return std::max(80, std::min(int(available * BubbleShare), MaxBubbleWidth));
}

ChatDelegate::Bubble ChatDelegate::layoutText(
    const QStyleOptionViewItem &option, const QModelIndex &index, int rowWidth) const
{
    const ChatItem::Kind kind = kindOf(index);
    const auto format = kind == ChatItem::Kind::Assistant || kind == ChatItem::Kind::Thinking
        ? TextDocumentCache::Format::Markdown
        : TextDocumentCache::Format::Plain;
    const int maxTextWidth = bubbleWidth(rowWidth) - 2 * PaddingX;
    QTextDocument *document = m_documents.document(
        index.row(), index.data(ChatModel::TextRole).toString(), format, option.font, maxTextWidth);

    // Short messages get bubbles that fit them, not the widest possible.
    const int textWidth = std::min(maxTextWidth, int(std::ceil(document->idealWidth())));
    const int textHeight = int(std::ceil(document->size().height()));
    const QSize size(textWidth + 2 * PaddingX, textHeight + 2 * PaddingY);
    const int x = kind == ChatItem::Kind::User ? rowWidth - RowMarginX - size.width() : RowMarginX;
    return { QRect(QPoint(x, RowMarginY), size), document };
}

const PlanCardPainter &ChatDelegate::planCard(
    const QModelIndex &index, const QFont &font, int width) const
{
    PlanCardEntry &entry = m_planCards[index.row()];
    const PlanSteps steps = index.data(ChatModel::StepsRole).value<PlanSteps>();
    const auto end = RunEnd(index.data(ChatModel::EndRole).toInt());
    if (!entry.card || entry.width != width || entry.font != font || entry.steps != steps
        || entry.end != end) {
        entry.card = std::make_unique<PlanCardPainter>(steps, end, font, width);
        entry.steps = steps;
        entry.end = end;
        entry.font = font;
        entry.width = width;
    }
    return *entry.card;
}

PlanCardPainter::Hit ChatDelegate::planHit(
    const QStyleOptionViewItem &option, const QModelIndex &index, const QPoint &pos) const
{
    if (kindOf(index) != ChatItem::Kind::Plan)
        return {};
    const PlanCardPainter &card = planCard(index, option.font, bubbleWidth(rowWidth(option)));
    return card.hitTest(pos - option.rect.topLeft() - QPoint(RowMarginX, RowMarginY));
}

QRect ChatDelegate::planPartRect(const QStyleOptionViewItem &option, const QModelIndex &index,
    int step, PlanCardPainter::Hit::Target part) const
{
    if (kindOf(index) != ChatItem::Kind::Plan)
        return {};
    const PlanCardPainter &card = planCard(index, option.font, bubbleWidth(rowWidth(option)));
    if (step < 1 || step > index.data(ChatModel::StepsRole).value<PlanSteps>().size())
        return {};
    const QRect rect = card.buttonRect(step - 1, part);
    return rect.isNull() ? rect
                         : rect.translated(option.rect.topLeft() + QPoint(RowMarginX, RowMarginY));
}

QSize ChatDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const int width = rowWidth(option);
    if (kindOf(index) == ChatItem::Kind::Plan)
        return { width,
            planCard(index, option.font, bubbleWidth(width)).height() + 2 * RowMarginY };
    int height = layoutText(option, index, width).rect.height() + 2 * RowMarginY;
    if (!endCaption(index).isEmpty())
        height += QFontMetrics(captionFont(option.font)).height() + CaptionGap;
    return { width, height };
}

void ChatDelegate::paint(
    QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    // No selection or focus decoration: a chat is read, not picked from.
    const ChatColors colors = ChatColors::from(option.palette);
    const ChatItem::Kind kind = kindOf(index);
    const int width = rowWidth(option);

    if (kind == ChatItem::Kind::Plan) {
        planCard(index, option.font, bubbleWidth(width))
            .paint(painter, option.rect.topLeft() + QPoint(RowMarginX, RowMarginY), colors,
                m_spinnerAngle);
        return;
    }

    const Bubble bubble = layoutText(option, index, width);
    const QRectF rect = bubble.rect.translated(option.rect.topLeft());
    QColor fill = colors.assistantBubble;
    QColor border = Qt::transparent;
    QColor text = colors.text;
    if (kind == ChatItem::Kind::User) {
        fill = colors.userBubble;
        text = colors.userText;
    } else if (kind == ChatItem::Kind::Error) {
        fill = colors.errorBackground;
        border = colors.errorBorder;
        text = colors.errorText;
    } else if (kind == ChatItem::Kind::Thinking) {
        // Set apart from the answer: no bubble of its own, a quieter colour.
        fill = Qt::transparent;
        border = colors.muted;
        text = colors.muted;
    }

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(border.alpha() ? QPen(border, 1) : QPen(Qt::NoPen));
    painter->setBrush(fill);
    painter->drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), Radius, Radius);

    painter->translate(rect.topLeft() + QPointF(PaddingX, PaddingY));
    QAbstractTextDocumentLayout::PaintContext context;
    context.palette = option.palette;
    context.palette.setColor(QPalette::Text, text);
    context.clip = QRectF(QPointF(0, 0), rect.size() - QSizeF(2 * PaddingX, 2 * PaddingY));
    painter->setClipRect(context.clip.adjusted(-2, -2, 2, 2));
    bubble.document->documentLayout()->draw(painter, context);
    painter->restore();

    const QString caption = endCaption(index);
    if (!caption.isEmpty()) {
        painter->save();
        painter->setFont(captionFont(option.font));
        painter->setPen(colors.muted);
        const QRectF below(rect.left() + PaddingX, rect.bottom() + CaptionGap,
            rect.width() - PaddingX, painter->fontMetrics().height());
        painter->drawText(below, Qt::AlignLeft | Qt::AlignTop, caption);
        painter->restore();
    }
}

} // namespace rill
