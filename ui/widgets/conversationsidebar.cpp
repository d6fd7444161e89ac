#include "ui/widgets/conversationsidebar.h"

#include "ui/store/conversationlistmodel.h"
#include "ui/store/conversationstore.h"

#include <QAction>
#include <QCoreApplication>
#include <QLabel>
#include <QListView>
#include <QMessageBox>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QToolButton>
#include <QVBoxLayout>

namespace rill {

namespace {

// Titles fit the list's width, elided, rather than widening the rows: a list
// view lays rows out as wide as the widest hint, and gives the sidebar a
// horizontal scroll bar for a long first title.
class TitleDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        return { 0, QStyledItemDelegate::sizeHint(option, index).height() };
    }
};

} // namespace

ConversationSidebar::ConversationSidebar(
    ConversationListModel *model, QAction *newChatAction, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_list(new QListView(this))
    , m_renameAction(new QAction(tr("&Rename"), this))
    , m_deleteAction(new QAction(tr("&Delete…"), this))
{
    auto *newButton = new QToolButton(this);
    newButton->setObjectName(QStringLiteral("newChatButton"));
    newButton->setDefaultAction(newChatAction);
    newButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    newButton->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);

    auto *label = new QLabel(tr("C&onversations"), this);
    label->setBuddy(m_list);

    m_list->setObjectName(QStringLiteral("conversationList"));
    m_list->setAccessibleName(tr("Conversations"));
    m_list->setModel(model);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setEditTriggers(QAbstractItemView::EditKeyPressed | QAbstractItemView::DoubleClicked);
    m_list->setTextElideMode(Qt::ElideRight);
    m_list->setItemDelegate(new TitleDelegate(m_list));
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setUniformItemSizes(true);
    // Rows as tall as a comfortable click target, titles off the frame.
    m_list->setStyleSheet(QStringLiteral("QListView::item { padding: 5px 6px; }"));
    m_list->setContextMenuPolicy(Qt::ActionsContextMenu);

    m_renameAction->setObjectName(QStringLiteral("renameConversationAction"));
    m_renameAction->setShortcut(Qt::Key_F2);
    m_renameAction->setShortcutContext(Qt::WidgetShortcut);
    connect(m_renameAction, &QAction::triggered, this, &ConversationSidebar::renameCurrent);
    m_deleteAction->setObjectName(QStringLiteral("deleteConversationAction"));
    m_deleteAction->setShortcut(QKeySequence::Delete);
    m_deleteAction->setShortcutContext(Qt::WidgetShortcut);
    connect(m_deleteAction, &QAction::triggered, this, &ConversationSidebar::confirmDelete);
    m_list->addAction(m_renameAction);
    m_list->addAction(m_deleteAction);

    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this,
        &ConversationSidebar::onCurrentChanged);
    for (auto signal : { &QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved })
        connect(model, signal, this, &ConversationSidebar::updateActions);
    connect(model, &QAbstractItemModel::modelReset, this, &ConversationSidebar::updateActions);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 0, 8);
    layout->addWidget(newButton);
    layout->addWidget(label);
    layout->addWidget(m_list, 1);
    updateActions();
}

void ConversationSidebar::setCurrentId(const QString &id)
{
    m_currentId = id;
    const int row = m_model->rowOf(id);
    if (row < 0) {
        m_list->selectionModel()->clear();
    } else {
        m_list->selectionModel()->setCurrentIndex(
            m_model->index(row), QItemSelectionModel::ClearAndSelect);
        m_list->scrollTo(m_model->index(row));
    }
    updateActions();
}

void ConversationSidebar::onCurrentChanged()
{
    const QString id = m_model->idAt(m_list->currentIndex().row());
    updateActions();
    // Rows moving (a saved chat goes to the top) or a programmatic selection
    // are no reason to open anything.
    if (id.isEmpty() || id == m_currentId)
        return;
    emit openRequested(id);
}

void ConversationSidebar::renameCurrent()
{
    if (m_list->currentIndex().isValid())
        m_list->edit(m_list->currentIndex());
}

void ConversationSidebar::confirmDelete()
{
    const QModelIndex index = m_list->currentIndex();
    if (!index.isValid())
        return;
    const QString id = m_model->idAt(index.row());
    auto *box = new QMessageBox(QMessageBox::Question, tr("Delete conversation"),
        tr("Delete “%1”? This cannot be undone.").arg(index.data().toString()), QMessageBox::Cancel,
        this);
    box->setObjectName(QStringLiteral("deleteConversationBox"));
    QPushButton *deleteButton = box->addButton(tr("Delete"), QMessageBox::DestructiveRole);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, deleteButton, id](QAbstractButton *b) {
        if (b == deleteButton)
            emit deleteRequested(id);
    });
    box->open();
}

void ConversationSidebar::updateActions()
{
    const bool any = m_list->currentIndex().isValid();
    m_renameAction->setEnabled(any);
    m_deleteAction->setEnabled(any);
}

QLabel *ConversationSidebar::storeProblemLabel(const ConversationStore &store, QWidget *parent)
{
    if (store.problems().isEmpty())
        return nullptr;
    QStringList names;
    QStringList reasons;
    for (const ConversationProblem &problem : store.problems()) {
        names.append(problem.fileName);
        reasons.append(problem.fileName + QStringLiteral(": ") + problem.reason);
    }
    if (names.size() > 3)
        names = names.mid(0, 3) << QStringLiteral("…");
    // In the window's context, where the catalogues have these strings (lupdate
    // reads translate() with a literal context as it reads tr()).
    auto *label = new QLabel(QCoreApplication::translate("rill::MainWindow",
                                 "%n conversation file(s) could not be read and were skipped: %1",
                                 nullptr, int(store.problems().size()))
                                 .arg(names.join(QStringLiteral(", "))),
        parent);
    label->setObjectName(QStringLiteral("storeProblemLabel"));
    label->setToolTip(QCoreApplication::translate("rill::MainWindow", "Left as they are in %1")
                          .arg(store.directory())
        + u'\n' + reasons.join(u'\n'));
    label->setStyleSheet(QStringLiteral("color: #b3261e;"));
    return label;
}

} // namespace rill
