#pragma once

#include "ui/widgets/chatitem.h"

#include <QCoreApplication>
#include <QFont>
#include <QRect>

class QPainter;

namespace rill {

struct ChatColors;

// Lays out and paints a plan card: a header with the plan's status, then one
// line per step with a mark for its state, its title and, in grey, its detail.
// A tool call's step has a disclosure arrow that opens its arguments and
// result, and while the call waits for approval, Allow / Always / Deny
// buttons under it. Layout and painting share one computation so the size
// hint always matches what is painted, and hitTest() what is clicked.
class PlanCardPainter
{
    Q_DECLARE_TR_FUNCTIONS(rill::PlanCardPainter)
public:
    PlanCardPainter(const PlanSteps &steps, RunEnd end, const QFont &font, int width);

    // The header's right side: how far the plan got, and how its run ended
    // when that was not by finishing every step. Empty while the plan is
    // still arriving, so that its growing length does not read as progress.
    static QString status(const PlanSteps &steps, RunEnd end);

    // What a click at `pos` (relative to the card's top left) is on.
    struct Hit
    {
        enum class Target { None, Toggle, Allow, AllowAlways, Deny };
        Target target = Target::None;
        int step = 0; // 1-based
    };
    Hit hitTest(const QPoint &pos) const;

    int height() const { return m_height; }
    // Where step `i`'s title and detail are drawn, their text starting at the top left.
    QRect titleRect(qsizetype i) const { return m_layout.at(i).title; }
    QRect detailRect(qsizetype i) const { return m_layout.at(i).detail; }
    // Step `i`'s approval buttons (empty when it waits for none), and its
    // arguments and result (empty when it is closed).
    QRect buttonRect(qsizetype i, Hit::Target button) const;
    QRect argumentsRect(qsizetype i) const { return m_layout.at(i).arguments; }
    QRect resultRect(qsizetype i) const { return m_layout.at(i).result; }
    // `spinnerAngle` turns the running steps' arc, in degrees.
    void paint(
        QPainter *painter, const QPoint &topLeft, const ChatColors &colors, int spinnerAngle) const;

private:
    struct StepLayout
    {
        QRect mark;
        QRect title;
        QRect detail; // beside the title when both fit on one line, else below it
        QRect toggle; // a tool call's disclosure arrow, at the right
        QRect line; // the title's line, all across: a click on it opens or closes
        QRect argumentsLabel, arguments, resultLabel, result; // opened
        QRect allow, always, deny; // waiting for approval
        QString argumentsText, resultText; // cut to what the card shows
    };

    // Lays out the opened detail and the buttons below `y`; returns the new bottom.
    int layoutExtras(const PlanStep &step, StepLayout &line, int textLeft, int textWidth, int y);
    void paintExtras(QPainter *painter, const PlanStep &step, const StepLayout &line,
        const ChatColors &colors) const;

    void paintMark(QPainter *painter, const QRect &box, StepState state, const ChatColors &colors,
        int spinnerAngle) const;

    PlanSteps m_steps; // shared, not copied
    QString m_status;
    RunEnd m_end;
    QFont m_font;
    QString m_fontKey; // QFont::key(), for the text caches
    QFont m_headerFont;
    QFont m_codeFont; // arguments and results
    int m_width;
    QRect m_header;
    QList<StepLayout> m_layout;
    int m_height = 0;
};

} // namespace rill
