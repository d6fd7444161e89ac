#pragma once

#include <QFrame>
#include <QPersistentModelIndex>

class QLabel;
class QToolButton;

namespace rill {

class ChatView;
class MessageActions;

// The small bar over the message under the mouse: Copy, Regenerate (answers)
// or Edit (questions), the turn's versions as ‹ 2/3 ›, Delete. It floats in the
// chat's viewport at the row's top right and calls MessageActions for its row.
class MessageActionBar : public QFrame
{
    Q_OBJECT
public:
    MessageActionBar(ChatView *view, MessageActions *actions);

    // The row the bar is shown for, or -1 while hidden.
    int row() const { return m_row.isValid() ? m_row.row() : -1; }

public slots:
    // Shows the bar over `row` (-1 hides it).
    void showFor(int row);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QToolButton *addButton(const QString &text, const QString &toolTip, const QString &name,
        void (MessageActions::*slot)(int));
    void place();

    ChatView *m_view;
    MessageActions *m_actions;
    QPersistentModelIndex m_row;
    QToolButton *m_regenerate;
    QToolButton *m_edit;
    QToolButton *m_previous;
    QToolButton *m_next;
    QLabel *m_version;
};

} // namespace rill
