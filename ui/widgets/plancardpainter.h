#pragma once

#include "ui/widgets/chatitem.h"

#include <QCoreApplication>
#include <QFont>
#include <QRect>

class QPainter;

namespace rill {

struct ChatColors;

// Lays out and paints a plan card: a header with the plan's status, then one
// line per step with a mark for its state, its title and, in grey, its detail. Layout and painting
// share one computation so the size hint always matches what is painted.
class PlanCardPainter
{
    Q_DECLARE_TR_FUNCTIONS(rill::PlanCardPainter)
public:
    PlanCardPainter(const PlanSteps &steps, RunEnd end, const QFont &font, int width);

    // The header's right side: how far the plan got, and how its run ended
    // when that was not by finishing every step. Empty while the plan is
    // still arriving, so that its growing length does not read as progress.
    static QString status(const PlanSteps &steps, RunEnd end);

    int height() const { return m_height; }
    // Where step `i`'s title and detail are drawn, their text starting at the top left.
    QRect titleRect(qsizetype i) const { return m_layout.at(i).title; }
    QRect detailRect(qsizetype i) const { return m_layout.at(i).detail; }
    // `spinnerAngle` turns the running steps' arc, in degrees.
    void paint(
        QPainter *painter, const QPoint &topLeft, const ChatColors &colors, int spinnerAngle) const;

private:
    struct StepLayout
    {
        QRect mark;
        QRect title;
        QRect detail; // beside the title when both fit on one line, else below it
    };

    void paintMark(QPainter *painter, const QRect &box, StepState state, const ChatColors &colors,
        int spinnerAngle) const;

    PlanSteps m_steps; // shared, not copied
    QString m_status;
    RunEnd m_end;
    QFont m_font;
    QString m_fontKey; // QFont::key(), for the text caches
    QFont m_headerFont;
    int m_width;
    QRect m_header;
    QList<StepLayout> m_layout;
    int m_height = 0;
};

} // namespace rill
