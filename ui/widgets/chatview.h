#pragma once

#include "ui/widgets/plancardpainter.h"

#include <QListView>
#include <QPersistentModelIndex>
#include <QTimer>

namespace rill {

class ChatDelegate;

// A QListView set up for a ChatModel: rows of varying height scrolled by the
// pixel, no selection, re-laid out when the width or a row's content changes.
// It follows the end of the conversation while the user is there, and stays
// put once they scroll up to read. Running plan steps are animated by one
// timer that repaints only their rows.
class ChatView : public QListView
{
    Q_OBJECT
public:
    explicit ChatView(QWidget *parent = nullptr);

    void setModel(QAbstractItemModel *model) override;

    // True while new content scrolls into view by itself.
    bool isFollowingEnd() const { return m_followEnd; }
    bool isAnimating() const { return m_spinner.isActive(); }

    void doItemsLayout() override;

    // Where a part of a plan card's step is on screen (viewport coordinates):
    // an approval button or a tool call's arrow; empty when not there.
    QRect planPartRect(int row, int step, PlanCardPainter::Hit::Target part) const;

signals:
    // A click on a plan card: a tool call's arrow (open or close its detail),
    // or one of its approval buttons ("allow", "allow-always", "deny").
    void stepToggled(int row, int step);
    void approvalChosen(int row, int step, const QString &decision);

protected:
    void mouseReleaseEvent(QMouseEvent *event) override;
    // Home, End, PageUp, PageDown and the arrows scroll the conversation:
    // with nothing selectable, there is no current item for them to move.
    void keyPressEvent(QKeyEvent *event) override;
    // A frame shows where the keyboard is, as the input box shows its own.
    void paintEvent(QPaintEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    // A new theme: the cached documents carry the old colours (code blocks,
    // highlighting), so every row is laid out again.
    void changeEvent(QEvent *event) override;
    void dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
        const QList<int> &roles = {}) override;
    void rowsInserted(const QModelIndex &parent, int start, int end) override;
    void updateGeometries() override;

private:
    bool heightChanged(const QModelIndex &index) const;
    void trackBusyRows(int first, int last);
    void rescanRows();
    void animate();

    ChatDelegate *m_delegate;
    QTimer m_spinner;
    QList<QPersistentModelIndex> m_busyRows;
    bool m_followEnd = true;
    bool m_layoutPending = false; // scheduled by this view and not run yet
};

} // namespace rill
