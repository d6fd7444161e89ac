#include "ui/widgets/plancardpainter.h"

#include "ui/widgets/chatstyle.h"

#include <QCache>
#include <QFontDatabase>
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
constexpr int kButtonGap = 6;
constexpr int kButtonPadding = 12;
constexpr int kMaxDetailLines = 12; // of an opened call's arguments or result
constexpr int kMaxDetailChars = 1500;

// The start of a tool's text, as much as a card shows; the full text is one
// click away in the stream inspector, and kept on disk.
QString shortened(const QString &text)
{
    QString shown = text.left(kMaxDetailChars);
    const QStringList lines = shown.split(u'\n');
    if (lines.size() > kMaxDetailLines)
        shown = lines.mid(0, kMaxDetailLines).join(u'\n');
    return shown.size() < text.size() ? shown + QStringLiteral("\n…") : shown;
}

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
    const bool waiting = std::any_of(steps.cbegin(), steps.cend(),
        [](const PlanStep &step) { return !step.approvalCallId.isEmpty(); });
    if (end == RunEnd::Open && !started && !waiting)
        return {};
    const QString count = QStringLiteral("%1/%2").arg(done).arg(steps.size());
    const bool finished = done == steps.size();
    const auto failed = std::count_if(steps.cbegin(), steps.cend(),
        [](const PlanStep &step) { return step.state == StepState::Failed; });
    // Every step got to its end, some of them failing (a tool call the model
    // then did without): the run finished, it did not stop short.
    const bool ended = done + failed == steps.size();
    switch (end) {
    case RunEnd::Failed:
        return tr("Failed · %1").arg(count);
    case RunEnd::Stopped:
        return finished ? count : tr("Stopped · %1").arg(count);
    case RunEnd::Completed:
        if (finished)
            return count;
        return ended ? tr("Finished · %1 done, %2 failed").arg(done).arg(failed)
                     : tr("Not finished · %1").arg(count);
    case RunEnd::Open:
        if (waiting)
            return tr("Waiting for you · %1").arg(count);
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
    , m_codeFont(QFontDatabase::systemFont(QFontDatabase::FixedFont))
    , m_width(width)
{
    m_headerFont.setBold(true);
    m_codeFont.setPointSizeF(font.pointSizeF() * 0.9);
    const QFontMetrics metrics(m_font);
    const QFontMetrics headerMetrics(m_headerFont);
    const int markSize = metrics.height();
    const int textLeft = kPadding + markSize + kMarkGap;
    const int fullWidth = std::max(40, m_width - textLeft - kPadding);

    m_header = QRect(kPadding, kPadding, m_width - 2 * kPadding, headerMetrics.height());
    int y = m_header.bottom() + 1 + kHeaderGap;
    for (const PlanStep &step : m_steps) {
        // A tool call's line leaves room for its arrow.
        const int textWidth
            = step.hasToolDetail() ? std::max(40, fullWidth - markSize - kMarkGap) : fullWidth;
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
        int bottom = std::max({ line.title.bottom(), line.mark.bottom(),
            line.detail.isNull() ? 0 : line.detail.bottom() });
        line.line = QRect(kPadding, y, m_width - 2 * kPadding, lineHeight);
        if (step.hasToolDetail())
            line.toggle = QRect(m_width - kPadding - markSize, y, markSize, lineHeight);
        bottom = layoutExtras(step, line, textLeft, fullWidth, bottom + 1);
        y = bottom + 1 + kStepGap;
        m_layout.append(line);
    }
    m_height = (m_steps.isEmpty() ? y - kHeaderGap : y - kStepGap) + kPadding;
}

int PlanCardPainter::layoutExtras(
    const PlanStep &step, StepLayout &line, int textLeft, int textWidth, int y)
{
    int bottom = y - 1;
    const QFontMetrics metrics(m_font);
    const QFontMetrics code(m_codeFont);
    if (step.expanded && step.hasToolDetail()) {
        const auto block = [&](QRect &label, QRect &text, QString &shown, const QString &full) {
            shown = shortened(full.isEmpty() ? QStringLiteral("—") : full);
            label = QRect(textLeft, bottom + 1 + 2, textWidth, metrics.height());
            text = code.boundingRect(QRect(0, 0, textWidth, 1 << 20), kTextFlags, shown);
            text.moveTopLeft(QPoint(textLeft, label.bottom() + 1));
            bottom = text.bottom();
        };
        block(line.argumentsLabel, line.arguments, line.argumentsText, step.arguments);
        if (step.state == StepState::Done || step.state == StepState::Failed)
            block(line.resultLabel, line.result, line.resultText, step.result);
    }
    if (!step.approvalCallId.isEmpty()) {
        const int height = metrics.height() + 8;
        int x = textLeft;
        for (auto [rect, label] : { std::pair { &line.allow, tr("Allow") },
                 std::pair { &line.always, tr("Always") }, std::pair { &line.deny, tr("Deny") } }) {
            const int width = metrics.horizontalAdvance(label) + 2 * kButtonPadding;
            *rect = QRect(x, bottom + 1 + kButtonGap, width, height);
            x += width + kButtonGap;
        }
        bottom = line.allow.bottom();
    }
    return bottom;
}

PlanCardPainter::Hit PlanCardPainter::hitTest(const QPoint &pos) const
{
    for (qsizetype i = 0; i < m_layout.size(); ++i) {
        const StepLayout &line = m_layout.at(i);
        const int step = int(i + 1);
        if (line.allow.contains(pos))
            return { Hit::Target::Allow, step };
        if (line.always.contains(pos))
            return { Hit::Target::AllowAlways, step };
        if (line.deny.contains(pos))
            return { Hit::Target::Deny, step };
        if (!line.toggle.isNull() && line.line.contains(pos))
            return { Hit::Target::Toggle, step };
    }
    return {};
}

QRect PlanCardPainter::buttonRect(qsizetype i, Hit::Target button) const
{
    const StepLayout &line = m_layout.at(i);
    switch (button) {
    case Hit::Target::Allow:
        return line.allow;
    case Hit::Target::AllowAlways:
        return line.always;
    case Hit::Target::Deny:
        return line.deny;
    case Hit::Target::Toggle:
        return line.toggle;
    case Hit::Target::None:
        break;
    }
    return {};
}

void PlanCardPainter::paintExtras(
    QPainter *painter, const PlanStep &step, const StepLayout &line, const ChatColors &colors) const
{
    if (!line.toggle.isNull()) {
        // A drawn arrow, right when closed and down when open, as a font's ▸ may be missing.
        const QPointF c = QRectF(line.toggle).center();
        const qreal r = line.toggle.width() * 0.22;
        QPolygonF arrow = step.expanded
            ? QPolygonF { c + QPointF(-r, -r / 2), c + QPointF(r, -r / 2), c + QPointF(0, r) }
            : QPolygonF { c + QPointF(-r / 2, -r), c + QPointF(-r / 2, r), c + QPointF(r, 0) };
        painter->setPen(Qt::NoPen);
        painter->setBrush(colors.muted);
        painter->drawPolygon(arrow);
    }
    const auto block
        = [&](const QRect &label, const QString &name, const QRect &text, const QString &shown) {
              if (label.isNull())
                  return;
              painter->setFont(m_font);
              painter->setPen(colors.muted);
              painter->drawText(label, Qt::AlignLeft | Qt::AlignTop, name);
              painter->setFont(m_codeFont);
              painter->setPen(colors.text);
              painter->drawText(text, kTextFlags, shown);
          };
    block(line.argumentsLabel, tr("Arguments"), line.arguments, line.argumentsText);
    block(line.resultLabel, tr("Result"), line.result, line.resultText);
    painter->setFont(m_font);
    if (line.allow.isNull())
        return;
    for (auto [rect, label, fill] : { std::tuple { line.allow, tr("Allow"), colors.accent },
             std::tuple { line.always, tr("Always"), colors.success },
             std::tuple { line.deny, tr("Deny"), colors.failure } }) {
        painter->setPen(QPen(fill, 1));
        painter->setBrush(rect == line.allow ? fill : Qt::transparent);
        painter->drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6);
        painter->setPen(rect == line.allow ? colors.userText : fill);
        painter->drawText(rect, Qt::AlignCenter, label);
    }
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
        QRect lineRect = line.title.united(line.mark).united(line.detail).united(line.line);
        for (const QRect &extra : { line.arguments, line.result, line.allow })
            lineRect = lineRect.united(extra);
        if (!area.isNull() && !area.intersects(lineRect))
            continue;
        paintMark(painter, line.mark, step.state, colors, spinnerAngle);
        painter->setPen(colors.text);
        drawWrapped(painter, m_fontKey, line.title, step.title);
        if (!line.detail.isNull()) {
            painter->setPen(colors.muted);
            drawWrapped(painter, m_fontKey, line.detail, step.detail);
        }
        paintExtras(painter, step, line, colors);
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
