// MainWindow, the parts about kept conversations: the sidebar, searching them
// and the one shown, the files the store could not read (see mainwindow.h).
#include "ui/store/conversationlistmodel.h"
#include "ui/store/conversationstore.h"
#include "ui/widgets/chatview.h"
#include "ui/widgets/conversationkeeper.h"
#include "ui/widgets/conversationsidebar.h"
#include "ui/widgets/findbar.h"
#include "ui/widgets/mainwindow.h"
#include "ui/widgets/messageinput.h"
#include "ui/widgets/searchresults.h"

#include <QAction>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>

namespace rill {

void MainWindow::createSearchActions()
{
    auto *search = new QAction(tr("Search &Conversations…"), this);
    search->setObjectName(QStringLiteral("searchConversationsAction"));
    search->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    search->setStatusTip(tr("Find a conversation by its title or what was said in it"));
    connect(search, &QAction::triggered, this, [this] {
        setSidebarShown(true);
        m_sidebar->focusSearch();
    });
    QMenu *chat = menuBar()->findChild<QMenu *>(QStringLiteral("chatMenu"));
    chat->addSeparator();
    for (QAction *action : QList<QAction *> { search } + m_findBar->actions()) {
        chat->addAction(action);
        addAction(action); // with the menu closed too
    }
}

QWidget *MainWindow::withSidebar(QWidget *chat)
{
    auto *list = new ConversationListModel(m_keeper->store(), this);
    m_sidebar = new ConversationSidebar(
        list, m_newChatAction, new SearchResultsModel(m_keeper->store(), this), this);
    m_sidebar->setObjectName(QStringLiteral("conversationSidebar"));
    connect(m_sidebar, &ConversationSidebar::openRequested, m_keeper, &ConversationKeeper::open);
    connect(
        m_sidebar, &ConversationSidebar::deleteRequested, m_keeper, &ConversationKeeper::remove);
    connect(m_keeper, &ConversationKeeper::currentChanged, m_sidebar,
        &ConversationSidebar::setCurrentId);
    const auto showProblem = [this](const QString &message) { statusBar()->showMessage(message); };
    connect(m_keeper, &ConversationKeeper::problemOccurred, this, showProblem);
    connect(list, &ConversationListModel::renameFailed, this, [showProblem](const QString &why) {
        showProblem(tr("The conversation could not be renamed: %1").arg(why));
    });

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("sidebarSplitter"));
    m_splitter->addWidget(m_sidebar);
    m_splitter->addWidget(chat);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);
    const QByteArray state
        = QSettings().value(QStringLiteral("window/sidebarSplitter")).toByteArray();
    if (state.isEmpty() || !m_splitter->restoreState(state))
        m_splitter->setSizes({ 220, 720 });
    connect(m_splitter, &QSplitter::splitterMoved, this, [this] {
        QSettings().setValue(QStringLiteral("window/sidebarSplitter"), m_splitter->saveState());
    });
    // The conversations, the input, its button, then the chat itself: a keyboard
    // user reaches the chat (to scroll it with Home, End, PageUp...) with one Tab.
    setTabOrder(m_sidebar->listView(), m_input);
    setTabOrder(m_input, m_sendButton);
    setTabOrder(m_sendButton, m_view);
    return m_splitter;
}

void MainWindow::reportStoreProblems()
{
    // A label, not a status message: it must outlast the status tips of the menus.
    if (QLabel *label = ConversationSidebar::storeProblemLabel(*m_keeper->store(), this))
        statusBar()->addPermanentWidget(label);
}

} // namespace rill
