#include "ui/widgets/chatdelegate.h"

#include "ui/widgets/chatmodel.h"
#include "ui/widgets/chatstyle.h"
#include "ui/widgets/codeblockchrome.h"
#include "ui/widgets/modeltextdocument.h"
#include "ui/widgets/plancardpainter.h"

#include <QAbstractItemView>
#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QFontMetrics>
#include <QMouseEvent>
#include <QPainter>
#include <QTextCursor>
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
{
    m_copiedTimer.setSingleShot(true);
    m_copiedTimer.setInterval(1500);
    connect(&m_copiedTimer, &QTimer::timeout, this, [this] {
        m_copiedRow = m_copiedBlock = -1;
        if (auto *view = qobject_cast<QAbstractItemView *>(this->parent()))
            view->viewport()->update();
    });
}

QPointF ChatDelegate::textOrigin(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const Bubble bubble = layoutText(option, index, rowWidth(option));
    return option.rect.topLeft() + bubble.rect.topLeft() + QPointF(PaddingX, PaddingY);
}

ChatDelegate::Hit ChatDelegate::hitAt(
    const QStyleOptionViewItem &option, const QModelIndex &index, QPoint pos) const
{
    const ChatItem::Kind kind = kindOf(index);
    if (kind != ChatItem::Kind::Assistant && kind != ChatItem::Kind::Thinking)
        return {}; // questions are plain text: no links, no code blocks
    const Bubble bubble = layoutText(option, index, rowWidth(option));
    const QPointF at = QPointF(pos) - textOrigin(option, index);
    const auto *document = qobject_cast<const ModelTextDocument *>(bubble.document);
    if (!document || !QRectF(QPointF(0, 0), document->size()).contains(at))
        return {};
    const QList<CodeBlockChrome> blocks = CodeBlockChrome::of(*document);
    for (qsizetype i = 0; i < blocks.size(); ++i) {
        if (blocks.at(i).copyButton.contains(at))
            return { Target::Copy, {}, blocks.at(i).code, int(i) };
    }
    const QUrl url(document->documentLayout()->anchorAt(at));
    // Only what a browser is for: a link to a file or a program's scheme in
    // an answer is shown, not followed.
    if (url.isValid()
        && QStringList { QStringLiteral("http"), QStringLiteral("https"), QStringLiteral("mailto") }
               .contains(url.scheme().toLower()))
        return { Target::Link, url, {}, -1 };
    return {};
}

bool ChatDelegate::editorEvent(QEvent *event, QAbstractItemModel *model,
    const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event->type() != QEvent::MouseButtonPress && event->type() != QEvent::MouseButtonRelease)
        return QStyledItemDelegate::editorEvent(event, model, option, index);
    const auto *mouse = static_cast<QMouseEvent *>(event);
    if (mouse->button() != Qt::LeftButton)
        return false;
    if (event->type() == QEvent::MouseButtonPress) {
        m_pressPos = mouse->position().toPoint();
        m_pressRow = index.row();
        return false;
    }
    // A click, not the end of a drag (selecting, scrolling) that began elsewhere.
    const bool click = m_pressRow == index.row()
        && (mouse->position().toPoint() - m_pressPos).manhattanLength()
            < QApplication::startDragDistance();
    m_pressRow = -1;
    if (!click)
        return false;
    const Hit hit = hitAt(option, index, mouse->position().toPoint());
    if (hit.target == Target::Copy) {
        QGuiApplication::clipboard()->setText(hit.code);
        m_copiedRow = index.row();
        m_copiedBlock = hit.block;
        m_copiedTimer.start();
        if (auto *view = qobject_cast<QAbstractItemView *>(parent()))
            view->viewport()->update();
        emit codeCopied(hit.code);
        return true;
    }
    if (hit.target == Target::Link) {
        QDesktopServices::openUrl(hit.url);
        emit linkOpened(hit.url);
        return true;
    }
    return false;
}

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

QList<QAbstractTextDocumentLayout::Selection> ChatDelegate::findSelections(
    const QTextDocument *document, int row, const QPalette &palette) const
{
    // Dark text on amber, like a marker pen, legible on every bubble; the
    // current match in the palette's own highlight, as a selection is.
    QTextCharFormat other;
    other.setBackground(QColor(0xffd54f));
    other.setForeground(QColor(0x1a1a1a));
    QTextCharFormat current;
    current.setBackground(palette.color(QPalette::Highlight));
    current.setForeground(palette.color(QPalette::HighlightedText));
    QList<QAbstractTextDocumentLayout::Selection> selections;
    for (QTextCursor found = document->find(m_findTerm); !found.isNull();
         found = document->find(m_findTerm, found)) {
        const bool isCurrent = row == m_findRow && found.selectionStart() == m_findPosition;
        selections.append({ found, isCurrent ? current : other });
    }
    return selections;
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
    if (!m_findTerm.isEmpty())
        context.selections = findSelections(bubble.document, index.row(), option.palette);
    bubble.document->documentLayout()->draw(painter, context);
    if (const auto *document = qobject_cast<const ModelTextDocument *>(bubble.document)) {
        CodeBlockChrome::paint(painter, CodeBlockChrome::of(*document), option.font, option.palette,
            index.row() == m_copiedRow ? m_copiedBlock : -1);
    }
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
