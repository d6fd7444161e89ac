#pragma once

#include <QColor>

class QFont;
class QPalette;

namespace rill {

// Spacing of the chat, in pixels, shared by the pieces that paint it.
namespace ChatMetrics {
constexpr int RowMarginX = 12; // between the view's edge and a bubble
constexpr int RowMarginY = 5; // half the gap between two bubbles
constexpr int PaddingX = 12; // inside a bubble
constexpr int PaddingY = 8;
constexpr int Radius = 10;
constexpr int CaptionGap = 2; // between a bubble and the caption under it
constexpr int MaxBubbleWidth = 720; // lines longer than this are hard to read
constexpr double BubbleShare = 0.8; // of the view's width, so bubbles look like a dialogue
} // namespace ChatMetrics

// WCAG 2's contrast ratio of two colours: 1 (the same) to 21 (black on white).
// Text needs 4.5 to pass AA, marks and borders 3.
double contrastRatio(const QColor &a, const QColor &b);

// The chat's colours, derived from the widget palette so they follow light
// and dark themes instead of assuming a white background. Whatever the palette
// (a desktop theme's included), each text colour is pushed away from its
// background until the pair reads at 4.5:1, and each mark at 3:1.
struct ChatColors
{
    QColor text;
    QColor muted; // details, secondary text
    QColor userBubble;
    QColor userText;
    QColor assistantBubble;
    QColor cardBackground;
    QColor cardBorder;
    QColor accent; // the spinner
    QColor success;
    QColor failure;
    QColor errorBackground;
    QColor errorBorder;
    QColor errorText;
    QColor codeBackground; // fenced code blocks

    static ChatColors from(const QPalette &palette);
};

// Loads now the fallback fonts the chat's text needs beyond `font` (CJK, for
// the demo agent's plans and Chinese conversations), regular and bold.
// Fontconfig opens a fallback font the first time a glyph needs it, which
// took 30 ms of the GUI thread at the first streamed plan.
void preloadFallbackFonts(const QFont &font);

} // namespace rill
