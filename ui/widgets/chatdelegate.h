#pragma once

#include "ui/widgets/chatitem.h"
#include "ui/widgets/plancardpainter.h"
#include "ui/widgets/textdocumentcache.h"

#include <QStyledItemDelegate>

#include <memory>
#include <unordered_map>

namespace rill {

// Paints the rows of a ChatModel as a conversation: the user's messages in
// accent-coloured bubbles on the right, the agent's markdown answers on the
// left, plan cards with live step marks, errors in red boxes. Sizes follow
// the view's width, with text wrapped to fit.
class ChatDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit ChatDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // Where the running steps' spinners are in their turn, in degrees.
    void setSpinnerAngle(int degrees) { m_spinnerAngle = degrees; }
    int spinnerAngle() const { return m_spinnerAngle; }

    // What a click at `pos` (viewport coordinates) on the plan row `index`,
    // drawn in `option.rect`, is on: a step's arrow or an approval button.
    PlanCardPainter::Hit planHit(
        const QStyleOptionViewItem &option, const QModelIndex &index, const QPoint &pos) const;

    // Where a part of step `step` (1-based) of that card is: a button or the
    // arrow (Target::Toggle), in viewport coordinates; empty when it has none.
    QRect planPartRect(const QStyleOptionViewItem &option, const QModelIndex &index, int step,
        PlanCardPainter::Hit::Target part) const;

    // The text of `row` as last laid out for painting, or null.
    const QTextDocument *renderedText(int row) const { return m_documents.cached(row); }

    // Forgets the laid-out text of all rows, for when rows were removed.
    void clearCache()
    {
        m_documents.clear();
        m_planCards.clear();
    }

private:
    struct Bubble
    {
        QRect rect; // relative to the row's top left
        QTextDocument *document = nullptr;
    };

    Bubble layoutText(
        const QStyleOptionViewItem &option, const QModelIndex &index, int rowWidth) const;
    static int rowWidth(const QStyleOptionViewItem &option);
    static int bubbleWidth(int rowWidth);

    // The plan card of a row, laid out again only when its steps, its end,
    // the font or the width changed.
    const PlanCardPainter &planCard(const QModelIndex &index, const QFont &font, int width) const;

    struct PlanCardEntry
    {
        PlanSteps steps;
        RunEnd end = RunEnd::Open;
        QFont font;
        int width = 0;
        std::unique_ptr<PlanCardPainter> card;
    };

    // Laying out text is the expensive part of painting; see TextDocumentCache.
    // A list view asks for every row's size whenever any row changes, so at a
    // thousand events a second these caches are what keeps frames short
    // (docs/benchmarks.md, "The window under load").
    mutable TextDocumentCache m_documents;
    mutable std::unordered_map<int, PlanCardEntry> m_planCards; // by row
    int m_spinnerAngle = 0;
};

} // namespace rill
