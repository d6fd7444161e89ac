#include "ui/widgets/plancardpainter.h"

#include "ui/widgets/chatstyle.h"

#include <QFontMetrics>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace rill {

namespace {

constexpr int kPadding = 12;
constexpr int kHeaderGap = 8;
constexpr int kStepGap = 6;
constexpr int kMarkGap = 8;
constexpr int kDetailGap = 10;
constexpr int kTextFlags = Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap;

} // namespace

PlanCardPainter::PlanCardPainter(const PlanSteps &steps, const QFont &font, int width)
    : m_steps(steps)
    , m_font(font)
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
        const QRect oneLine = metrics.boundingRect(
            QRect(0, 0, 1 << 20, 1 << 20), Qt::AlignLeft | Qt::AlignTop, step.title);
        const int lineHeight = std::max(metrics.height(), oneLine.height());
        StepLayout line;
        line.title = metrics.boundingRect(QRect(0, 0, textWidth, 1 << 20), kTextFlags, step.title);
        line.title.moveTopLeft(QPoint(textLeft, y));
        line.mark = QRect(kPadding, y, markSize, lineHeight);
        if (!step.detail.isEmpty()) {
            const int besideWidth = textWidth - oneLine.width() - kDetailGap;
            if (oneLine.width() <= textWidth
                && metrics.horizontalAdvance(step.detail) <= besideWidth) {
                line.detail = QRect(line.title.left() + oneLine.width() + kDetailGap, y,
                    besideWidth, line.title.height());
            } else {
                line.detail = metrics.boundingRect(
                    QRect(0, 0, textWidth, 1 << 20), kTextFlags, step.detail);
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

    const auto done = std::count_if(m_steps.cbegin(), m_steps.cend(),
        [](const PlanStep &step) { return step.state == StepState::Done; });
    painter->setFont(m_headerFont);
    painter->setPen(colors.text);
    painter->drawText(m_header, Qt::AlignLeft | Qt::AlignVCenter, tr("Plan"));
    painter->setFont(m_font);
    painter->setPen(colors.muted);
    painter->drawText(m_header, Qt::AlignRight | Qt::AlignVCenter,
        QStringLiteral("%1/%2").arg(done).arg(m_steps.size()));

    for (qsizetype i = 0; i < m_steps.size(); ++i) {
        const PlanStep &step = m_steps.at(i);
        const StepLayout &line = m_layout.at(i);
        paintMark(painter, line.mark, step.state, colors, spinnerAngle);
        painter->setPen(colors.text);
        painter->drawText(line.title, kTextFlags, step.title);
        if (!line.detail.isNull()) {
            painter->setPen(colors.muted);
            painter->drawText(line.detail, kTextFlags, step.detail);
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
