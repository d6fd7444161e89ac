#include "ui/widgets/chatstyle.h"

#include <QFont>
#include <QPalette>
#include <QTextLayout>

#include <algorithm>
#include <cmath>

namespace rill {

namespace {

QColor mix(const QColor &from, const QColor &to, double amount)
{
    const auto channel = [amount](double a, double b) { return a + (b - a) * amount; };
    return QColor::fromRgbF(float(channel(from.redF(), to.redF())),
        float(channel(from.greenF(), to.greenF())), float(channel(from.blueF(), to.blueF())));
}

double luminance(const QColor &color)
{
    const auto linear = [](double channel) {
        return channel <= 0.04045 ? channel / 12.92 : std::pow((channel + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * linear(color.redF()) + 0.7152 * linear(color.greenF())
        + 0.0722 * linear(color.blueF());
}

// `color`, moved towards black or white (whichever is away from `other`) until
// the two reach `ratio`.
QColor awayFrom(const QColor &color, const QColor &other, double ratio)
{
    const QColor target
        = luminance(other) > luminance(color) ? QColor(Qt::black) : QColor(Qt::white);
    QColor moved = color;
    for (int step = 1; contrastRatio(moved, other) < ratio && step <= 20; ++step)
        moved = mix(color, target, step * 0.05);
    return moved;
}

} // namespace

double contrastRatio(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

ChatColors ChatColors::from(const QPalette &palette)
{
    const QColor base = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    const bool dark = base.lightness() < 128;
    // Saturated marks that stay readable on either background.
    const QColor green = dark ? QColor(0x66, 0xbb, 0x6a) : QColor(0x2e, 0x7d, 0x32);
    const QColor red = dark ? QColor(0xef, 0x53, 0x50) : QColor(0xc6, 0x28, 0x28);

    constexpr double Text = 4.5; // WCAG AA for body text
    constexpr double Mark = 3.0; // and for icons, borders and other marks

    ChatColors colors;
    colors.text = text;
    colors.assistantBubble = mix(base, text, 0.07);
    colors.cardBackground = mix(base, text, 0.03);
    colors.cardBorder = mix(base, text, 0.18);
    colors.codeBackground = dark ? QColor(0x16, 0x1b, 0x22) : QColor(0xf6, 0xf8, 0xfa);
    // Captions sit on the view's base, in cards and in bubbles: the bubble is the
    // nearest to the text's own colour, in either theme, so it decides.
    colors.muted = awayFrom(mix(text, base, 0.45), colors.assistantBubble, Text);
    colors.userText = palette.color(QPalette::HighlightedText);
    colors.userBubble = awayFrom(palette.color(QPalette::Highlight), colors.userText, Text);
    colors.accent = awayFrom(palette.color(QPalette::Highlight), base, Mark);
    colors.success = awayFrom(green, colors.cardBackground, Mark);
    colors.failure = awayFrom(red, colors.cardBackground, Mark);
    colors.errorBackground = mix(base, red, 0.12);
    colors.errorBorder = mix(base, red, 0.6);
    colors.errorText
        = awayFrom(dark ? mix(text, red, 0.3) : mix(text, red, 0.75), colors.errorBackground, Text);
    return colors;
}

void preloadFallbackFonts(const QFont &font)
{
    // Shaping a line resolves each character's font, which is what loads them.
    const QString sample = QStringLiteral("Plan 1/2 \u6211\u60f3\u542c\u6674\u5929\u3002 \u2026");
    QFont bold = font;
    bold.setBold(true);
    for (const QFont &each : { font, bold }) {
        QTextLayout layout(sample, each);
        layout.beginLayout();
        layout.createLine();
        layout.endLayout();
    }
}

} // namespace rill
