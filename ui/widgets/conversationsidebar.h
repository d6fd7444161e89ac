#pragma once

#include <QWidget>

class QAction;
class QLabel;
class QListView;

namespace rill {

class ConversationListModel;
class ConversationStore;

// The list of kept conversations beside the chat: choosing one (click or
// arrow keys) opens it, F2 or a double click renames it in place, Delete
// removes it after asking. New chat sits on top.
class ConversationSidebar : public QWidget
{
    Q_OBJECT
public:
    ConversationSidebar(
        ConversationListModel *model, QAction *newChatAction, QWidget *parent = nullptr);

    QListView *listView() const { return m_list; }
    QAction *renameAction() const { return m_renameAction; }
    QAction *deleteAction() const { return m_deleteAction; }

    // A red line naming the files `store` could not read (their reasons in its
    // tooltip), for the status bar; nullptr when there are none.
    static QLabel *storeProblemLabel(const ConversationStore &store, QWidget *parent);

public slots:
    // Marks the conversation shown (empty: a new one, nothing marked)
    // without asking to open it again.
    void setCurrentId(const QString &id);

signals:
    void openRequested(const QString &id);
    void deleteRequested(const QString &id);

private:
    void onCurrentChanged();
    void renameCurrent();
    void confirmDelete();
    void updateActions();

    ConversationListModel *m_model;
    QListView *m_list;
    QAction *m_renameAction;
    QAction *m_deleteAction;
    QString m_currentId;
};

} // namespace rill
