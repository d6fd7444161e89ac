#include "ui/widgets/chatstyle.h"

#include <QFont>
#include <QPalette>
#include <QTextLayout>

namespace rill {

namespace {

QColor mix(const QColor &from, const QColor &to, double amount)
{
    const auto channel = [amount](double a, double b) { return a + (b - a) * amount; };
    return QColor::fromRgbF(float(channel(from.redF(), to.redF())),
        float(channel(from.greenF(), to.greenF())), float(channel(from.blueF(), to.blueF())));
}

} // namespace

ChatColors ChatColors::from(const QPalette &palette)
{
    const QColor base = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    const bool dark = base.lightness() < 128;
    // Saturated marks that stay readable on either background.
    const QColor green = dark ? QColor(0x66, 0xbb, 0x6a) : QColor(0x2e, 0x7d, 0x32);
    const QColor red = dark ? QColor(0xef, 0x53, 0x50) : QColor(0xc6, 0x28, 0x28);

    ChatColors colors;
    colors.text = text;
    colors.muted = mix(text, base, 0.45);
    colors.userBubble = palette.color(QPalette::Highlight);
    colors.userText = palette.color(QPalette::HighlightedText);
    colors.assistantBubble = mix(base, text, 0.07);
    colors.cardBackground = mix(base, text, 0.03);
    colors.cardBorder = mix(base, text, 0.18);
    colors.accent = palette.color(QPalette::Highlight);
    colors.success = green;
    colors.failure = red;
    colors.errorBackground = mix(base, red, 0.12);
    colors.errorBorder = mix(base, red, 0.6);
    colors.errorText = dark ? mix(text, red, 0.3) : mix(text, red, 0.75);
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
