#include "ui/widgets/plancardpainter.h"

#include "ui/widgets/chatstyle.h"

#include <QCache>
#include <QFontMetrics>
#include <QPainter>
#include <QPainterPath>
#include <QStaticText>
#include <QTextLayout>

#include <algorithm>

namespace rill {

namespace {

constexpr int kPadding = 12;
constexpr int kHeaderGap = 8;
constexpr int kStepGap = 6;
constexpr int kMarkGap = 8;
constexpr int kDetailGap = 10;
constexpr int kTextFlags = Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap;

// Measuring text (shaping it) is nearly all the cost of laying out a card, and
// a card is laid out again whenever one of its steps changes: the lines that
// did not change reuse their measurements. `width` < 0 asks for the advance.
// `fontKey` is QFont::key(), taken once per card: it formats every attribute
// of the font and cost more than the lookup itself.
QRect measure(
    const QString &fontKey, const QFontMetrics &metrics, int width, int flags, const QString &text)
{
    thread_local QCache<QString, QRect> cache(4096);
    const QString key = fontKey + u'\x1f' + QString::number(width) + u'\x1f'
        + QString::number(flags) + u'\x1f' + text;
    if (const QRect *hit = cache.object(key))
        return *hit;
    const QRect rect = width < 0 ? QRect(0, 0, metrics.horizontalAdvance(text), 0)
                                 : metrics.boundingRect(QRect(0, 0, width, 1 << 20), flags, text);
    cache.insert(key, new QRect(rect));
    return rect;
}

// How far below its top the first line of `text` has its baseline: more for
// text that needs a fallback font (CJK) with a taller ascent than `font`'s.
int firstLineAscent(const QString &fontKey, const QFont &font, const QString &text)
{
    thread_local QCache<QString, int> cache(4096);
    const QString key = fontKey + u'\x1f' + text;
    if (const int *hit = cache.object(key))
        return *hit;
    QTextLayout layout(text, font);
    layout.beginLayout();
    const QTextLine line = layout.createLine();
    layout.endLayout();
    const int ascent = line.isValid() ? qRound(line.ascent()) : QFontMetrics(font).ascent();
    cache.insert(key, new int(ascent));
    return ascent;
}

// Draws wrapped text at the top left of `rect` from a cache of laid-out text:
// QPainter::drawText would shape it again on every paint, and a running plan's
// card is painted for every event it receives.
void drawWrapped(QPainter *painter, const QString &fontKey, const QRect &rect, const QString &text)
{
    thread_local QCache<QString, QStaticText> cache(2048);
    const QString key = fontKey + u'\x1f' + QString::number(rect.width()) + u'\x1f' + text;
    QStaticText *laidOut = cache.object(key);
    if (!laidOut) {
        laidOut = new QStaticText(text);
        laidOut->setTextFormat(Qt::PlainText);
        laidOut->setTextWidth(rect.width());
        cache.insert(key, laidOut);
    }
    painter->drawStaticText(rect.topLeft(), *laidOut);
}

} // namespace

QString PlanCardPainter::status(const PlanSteps &steps, RunEnd end)
{
    const auto done = std::count_if(steps.cbegin(), steps.cend(),
        [](const PlanStep &step) { return step.state == StepState::Done; });
    const bool started = std::any_of(steps.cbegin(), steps.cend(),
        [](const PlanStep &step) { return step.state != StepState::Pending; });
    if (end == RunEnd::Open && !started)
        return {};
    const QString count = QStringLiteral("%1/%2").arg(done).arg(steps.size());
    const bool finished = done == steps.size();
    switch (end) {
    case RunEnd::Failed:
        return tr("Failed · %1").arg(count);
    case RunEnd::Stopped:
        return finished ? count : tr("Stopped · %1").arg(count);
    case RunEnd::Completed:
        return finished ? count : tr("Not finished · %1").arg(count);
    case RunEnd::Open:
        break;
    }
    return count;
}

PlanCardPainter::PlanCardPainter(const PlanSteps &steps, RunEnd end, const QFont &font, int width)
    : m_steps(steps)
    , m_status(status(steps, end))
    , m_end(end)
    , m_font(font)
    , m_fontKey(font.key())
    , m_headerFont(font)
    , m_width(width)
{
    m_headerFont.setBold(true);
    const QFontMetrics metrics(m_font);
    const QFontMetrics headerMetrics(m_headerFont);
    const int markSize = metrics.height();
    const int textLeft = kPadding + markSize + kMarkGap;
    const int textWidth = std::max(40, m_width - textLeft - kPadding);

    m_header = QRect(kPadding, kPadding, m_width - 2 * kPadding, headerMetrics.height());
    int y = m_header.bottom() + 1 + kHeaderGap;
    for (const PlanStep &step : m_steps) {
        // Measured on the text itself, not the font: CJK titles are drawn with
        // a fallback font whose lines are taller than the primary font's.
        const QRect oneLine
            = measure(m_fontKey, metrics, 1 << 20, Qt::AlignLeft | Qt::AlignTop, step.title);
        const int lineHeight = std::max(metrics.height(), oneLine.height());
        StepLayout line;
        line.title = measure(m_fontKey, metrics, textWidth, kTextFlags, step.title);
        line.title.moveTopLeft(QPoint(textLeft, y));
        line.mark = QRect(kPadding, y, markSize, lineHeight);
        if (!step.detail.isEmpty()) {
            const int besideWidth = textWidth - oneLine.width() - kDetailGap;
            if (oneLine.width() <= textWidth
                && measure(m_fontKey, metrics, -1, 0, step.detail).width() <= besideWidth) {
                // On the title's baseline, whichever of the two needs a
                // fallback font: a Chinese detail beside an English title sat
                // 3 px low when both started at the same top.
                const int shift = firstLineAscent(m_fontKey, m_font, step.title)
                    - firstLineAscent(m_fontKey, m_font, step.detail);
                line.detail = QRect(line.title.left() + oneLine.width() + kDetailGap, y + shift,
                    besideWidth, line.title.height());
            } else {
                line.detail = measure(m_fontKey, metrics, textWidth, kTextFlags, step.detail);
                line.detail.moveTopLeft(QPoint(textLeft, line.title.bottom() + 1));
            }
        }
        const int bottom = std::max({ line.title.bottom(), line.mark.bottom(),
            line.detail.isNull() ? 0 : line.detail.bottom() });
        y = bottom + 1 + kStepGap;
        m_layout.append(line);
    }
    m_height = (m_steps.isEmpty() ? y - kHeaderGap : y - kStepGap) + kPadding;
}

void PlanCardPainter::paint(
    QPainter *painter, const QPoint &topLeft, const ChatColors &colors, int spinnerAngle) const
{
    painter->save();
    painter->translate(topLeft);
    painter->setRenderHint(QPainter::Antialiasing);

    painter->setPen(QPen(colors.cardBorder, 1));
    painter->setBrush(colors.cardBackground);
    painter->drawRoundedRect(
        QRectF(0.5, 0.5, m_width - 1, m_height - 1), ChatMetrics::Radius, ChatMetrics::Radius);

    painter->setFont(m_headerFont);
    painter->setPen(colors.text);
    painter->drawText(m_header, Qt::AlignLeft | Qt::AlignVCenter, tr("Plan"));
    painter->setFont(m_font);
    painter->setPen(m_end == RunEnd::Failed ? colors.failure : colors.muted);
    painter->drawText(m_header, Qt::AlignRight | Qt::AlignVCenter, m_status);

    // Only the lines in the area being painted: a long plan's card is mostly
    // off screen, and drawing text costs as much as measuring it.
    const QRectF area = painter->hasClipping() ? painter->clipBoundingRect() : QRectF();
    for (qsizetype i = 0; i < m_steps.size(); ++i) {
        const PlanStep &step = m_steps.at(i);
        const StepLayout &line = m_layout.at(i);
        const QRect lineRect = line.title.united(line.mark).united(line.detail);
        if (!area.isNull() && !area.intersects(lineRect))
            continue;
        paintMark(painter, line.mark, step.state, colors, spinnerAngle);
        painter->setPen(colors.text);
        drawWrapped(painter, m_fontKey, line.title, step.title);
        if (!line.detail.isNull()) {
            painter->setPen(colors.muted);
            drawWrapped(painter, m_fontKey, line.detail, step.detail);
        }
    }
    painter->restore();
}

void PlanCardPainter::paintMark(QPainter *painter, const QRect &box, StepState state,
    const ChatColors &colors, int spinnerAngle) const
{
    // Drawn rather than taken from the font: the glyphs ✓ and ✗ are missing
    // from many fonts and would not take the state's colour in colour fonts.
    const qreal side = box.width() * 0.7;
    const QRectF mark(QPointF(box.center()) - QPointF(side / 2, side / 2) + QPointF(0.5, 0.5),
        QSizeF(side, side));
    const qreal stroke = std::max<qreal>(1.6, side / 7);
    painter->setBrush(Qt::NoBrush);
    switch (state) {
    case StepState::Pending:
        painter->setPen(Qt::NoPen);
        painter->setBrush(colors.muted);
        painter->drawEllipse(mark.center(), side / 5, side / 5);
        break;
    case StepState::Running:
        painter->setPen(QPen(colors.accent, stroke, Qt::SolidLine, Qt::RoundCap));
        // Qt's angles run counter-clockwise in 1/16 degree; a negative start turns clockwise.
        painter->drawArc(mark.adjusted(stroke / 2, stroke / 2, -stroke / 2, -stroke / 2),
            -spinnerAngle * 16, 270 * 16);
        break;
    case StepState::Done: {
        painter->setPen(QPen(colors.success, stroke, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        QPainterPath check;
        check.moveTo(mark.left() + side * 0.12, mark.top() + side * 0.55);
        check.lineTo(mark.left() + side * 0.4, mark.top() + side * 0.82);
        check.lineTo(mark.left() + side * 0.9, mark.top() + side * 0.2);
        painter->drawPath(check);
        break;
    }
    case StepState::Failed: {
        painter->setPen(QPen(colors.failure, stroke, Qt::SolidLine, Qt::RoundCap));
        const QRectF cross = mark.adjusted(side * 0.15, side * 0.15, -side * 0.15, -side * 0.15);
        painter->drawLine(cross.topLeft(), cross.bottomRight());
        painter->drawLine(cross.topRight(), cross.bottomLeft());
        break;
    }
    }
}

} // namespace rill
