#pragma once

#include <QObject>

class QAction;
class QMenu;
class QPoint;

namespace rill {

class ChatClient;
class ChatModel;
class ChatView;
class ConversationKeeper;
class MessageInput;

// What the user can do with a message once it is there: copy it (Markdown or
// plain text), run its turn again, edit and resend a question, step through
// the versions of a turn, delete a turn. Each is an action with a shortcut,
// acting on the message the user last clicked (or the newest one), and the
// chat's context menu; the hover bar calls the same slots for its row. None
// runs while an answer is being written.
class MessageActions : public QObject
{
    Q_OBJECT
public:
    MessageActions(ChatView *view, ChatModel *model, ConversationKeeper *keeper, ChatClient *client,
        MessageInput *input, QObject *parent = nullptr);

    // For the Message menu, in the order shown.
    QList<QAction *> actions() const { return m_actions; }
    // A context menu for `row`, owned by the caller.
    QMenu *menuFor(int row, QWidget *parent);

    bool isEditing() const { return m_editRow >= 0; }
    // The message as Copy puts it on the clipboard: the Markdown source, or
    // the text a reader sees.
    QString markdownOf(int row) const;
    QString plainTextOf(int row) const;

public slots:
    void copy(int row);
    void copyPlainText(int row);
    void regenerate(int row);
    // Puts the question of `row`'s turn in the input; sending resends it.
    void startEdit(int row);
    void cancelEdit();
    void resendEdited(const QString &text);
    // Asks, then deletes the turn of `row`.
    void deleteTurn(int row);
    void showPreviousVersion(int row);
    void showNextVersion(int row);

signals:
    void editingChanged(bool editing);

private:
    QAction *addAction(const QString &text, const QKeySequence &key, const QString &name,
        void (MessageActions::*slot)(int));
    // The row the keyboard's actions are about: the one clicked last, else the newest.
    int targetRow() const;
    void stepVersion(int row, int by);
    void updateEnabled();

    ChatView *m_view;
    ChatModel *m_model;
    ConversationKeeper *m_keeper;
    ChatClient *m_client;
    MessageInput *m_input;
    QList<QAction *> m_actions;
    int m_editRow = -1;
};

} // namespace rill
