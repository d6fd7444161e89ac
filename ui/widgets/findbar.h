#pragma once

#include <QTimer>
#include <QWidget>

class QAction;
class QLabel;
class QLineEdit;

namespace rill {

class ChatView;

// Find in the conversation shown (Ctrl+F): a bar under the chat with a field,
// "3 of 12", and buttons for the previous and next match. Every match is
// marked in the messages as laid out (ChatDelegate::setFindMarks), the current
// one more strongly, and stepping to a match scrolls it into the middle of the
// view. Enter and F3 go to the next match, Shift+Enter and Shift+F3 to the
// previous one, Esc closes the bar and clears the marks. The matches follow
// the conversation as it changes (another one opened, an answer streaming).
class FindBar : public QWidget
{
    Q_OBJECT
public:
    explicit FindBar(ChatView *view, QWidget *parent = nullptr);

    // Find, Find Next, Find Previous: for a menu and the window's shortcuts.
    QList<QAction *> actions() const { return m_actions; }
    QLineEdit *field() const { return m_field; }

    struct Match
    {
        int row;
        int position; // in the row's laid-out document
        int length;
        friend bool operator==(const Match &, const Match &) = default;
    };
    const QList<Match> &matches() const { return m_matches; }
    int currentMatch() const { return m_current; } // -1 for none
    QString countText() const;

public slots:
    void open();
    void close();
    void findNext();
    void findPrevious();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    // Looks for the term again in every row; keeps the current match if it is
    // still there.
    void collect();
    void step(int by);
    void show(int match);
    void scrollTo(const Match &match);
    void updateMarks();

    ChatView *m_view;
    QLineEdit *m_field;
    QLabel *m_count;
    QList<QAction *> m_actions;
    QList<Match> m_matches;
    int m_current = -1;
    QTimer m_recollect; // the conversation changed: a burst of changes, one search
};

} // namespace rill
