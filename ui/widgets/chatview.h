#pragma once

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
    // Runs a layout still scheduled now: every row's text is then laid out
    // as it will be drawn (for finding in it).
    void layOutNow() { executeDelayedItemsLayout(); }

protected:
    // Home, End, PageUp, PageDown and the arrows scroll the conversation:
    // with nothing selectable, there is no current item for them to move.
    void keyPressEvent(QKeyEvent *event) override;
    // A frame shows where the keyboard is, as the input box shows its own.
    void paintEvent(QPaintEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    // A pointing hand over what a click opens or copies (links, Copy buttons).
    void mouseMoveEvent(QMouseEvent *event) override;
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
