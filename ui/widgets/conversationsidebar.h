#pragma once

#include <QWidget>

class QAction;
class QLabel;
class QLineEdit;
class QListView;
class QStackedWidget;

namespace rill {

class ConversationListModel;
class ConversationStore;
class SearchResultsModel;

// The list of kept conversations beside the chat: choosing one (click or
// arrow keys) opens it, F2 or a double click renames it in place, Delete
// removes it after asking. New chat sits on top, and a search field under it:
// while it holds text, the list shows the conversations that match instead
// (SearchResultsModel), and choosing one opens it.
class ConversationSidebar : public QWidget
{
    Q_OBJECT
public:
    // Without `results`, there is no search field.
    ConversationSidebar(ConversationListModel *model, QAction *newChatAction,
        SearchResultsModel *results = nullptr, QWidget *parent = nullptr);

    QListView *listView() const { return m_list; }
    QListView *resultsView() const { return m_resultsView; }
    QLineEdit *searchField() const { return m_search; }
    QAction *renameAction() const { return m_renameAction; }
    QAction *deleteAction() const { return m_deleteAction; }

    // A red line naming the files `store` could not read (their reasons in its
    // tooltip), for the status bar; nullptr when there are none.
    static QLabel *storeProblemLabel(const ConversationStore &store, QWidget *parent);

public slots:
    // Marks the conversation shown (empty: a new one, nothing marked)
    // without asking to open it again.
    void setCurrentId(const QString &id);
    // Puts the keyboard in the search field, its text selected (Ctrl+K).
    void focusSearch();

signals:
    void openRequested(const QString &id);
    void deleteRequested(const QString &id);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onCurrentChanged();
    void onSearchChanged(const QString &text);
    void openResult(const QModelIndex &index);
    void renameCurrent();
    void confirmDelete();
    void updateActions();

    ConversationListModel *m_model;
    QListView *m_list;
    SearchResultsModel *m_results;
    QLineEdit *m_search = nullptr;
    QListView *m_resultsView = nullptr;
    QStackedWidget *m_stack = nullptr;
    QAction *m_renameAction;
    QAction *m_deleteAction;
    QString m_currentId;
};

} // namespace rill
