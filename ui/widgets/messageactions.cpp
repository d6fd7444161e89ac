#include "ui/widgets/messageactions.h"

#include "ui/net/chatclient.h"
#include "ui/widgets/chatmodel.h"
#include "ui/widgets/chatview.h"
#include "ui/widgets/conversationkeeper.h"
#include "ui/widgets/messageinput.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QMenu>
#include <QMessageBox>
#include <QTextDocument>

namespace rill {

MessageActions::MessageActions(ChatView *view, ChatModel *model, ConversationKeeper *keeper,
    ChatClient *client, MessageInput *input, QObject *parent)
    : QObject(parent)
    , m_view(view)
    , m_model(model)
    , m_keeper(keeper)
    , m_client(client)
    , m_input(input)
{
    addAction(tr("&Copy Message"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C),
        QStringLiteral("copyMessageAction"), &MessageActions::copy);
    addAction(tr("Copy as &Plain Text"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_C),
        QStringLiteral("copyPlainTextAction"), &MessageActions::copyPlainText);
    addAction(tr("&Regenerate Answer"), QKeySequence(Qt::CTRL | Qt::Key_R),
        QStringLiteral("regenerateAction"), &MessageActions::regenerate);
    addAction(tr("&Edit and Resend"), QKeySequence(Qt::CTRL | Qt::Key_E),
        QStringLiteral("editAction"), &MessageActions::startEdit);
    addAction(tr("Pre&vious Version"), QKeySequence(Qt::CTRL | Qt::Key_BracketLeft),
        QStringLiteral("previousVersionAction"), &MessageActions::showPreviousVersion);
    addAction(tr("Ne&xt Version"), QKeySequence(Qt::CTRL | Qt::Key_BracketRight),
        QStringLiteral("nextVersionAction"), &MessageActions::showNextVersion);
    addAction(tr("&Delete Turn…"), QKeySequence(Qt::CTRL | Qt::Key_Delete),
        QStringLiteral("deleteTurnAction"), &MessageActions::deleteTurn);

    // Ctrl+C in the chat copies the message clicked, as in a text view.
    auto *copyKey = new QAction(m_view);
    copyKey->setShortcut(QKeySequence::Copy);
    copyKey->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(copyKey, &QAction::triggered, this, [this] { copy(targetRow()); });
    m_view->addAction(copyKey);

    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        const QModelIndex index = m_view->indexAt(pos);
        if (index.isValid())
            m_view->setCurrentIndex(index);
        const int row = index.isValid() ? index.row() : targetRow();
        if (row < 0)
            return;
        QMenu *menu = menuFor(row, m_view);
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(m_view->viewport()->mapToGlobal(pos));
    });
    connect(m_client, &ChatClient::stateChanged, this, &MessageActions::updateEnabled);
    connect(m_model, &ChatModel::rowsInserted, this, &MessageActions::updateEnabled);
    connect(m_model, &ChatModel::rowsRemoved, this, &MessageActions::updateEnabled);
    connect(m_model, &ChatModel::modelReset, this, [this] {
        cancelEdit();
        updateEnabled();
    });
    updateEnabled();
}

QAction *MessageActions::addAction(const QString &text, const QKeySequence &key,
    const QString &name, void (MessageActions::*slot)(int))
{
    auto *action = new QAction(text, this);
    action->setObjectName(name);
    action->setShortcut(key);
    connect(action, &QAction::triggered, this, [this, action, slot] {
        // From a context menu the row rides on the action; from the keyboard
        // it is the message clicked last.
        const QVariant row = action->data();
        action->setData({});
        (this->*slot)(row.isValid() ? row.toInt() : targetRow());
    });
    m_actions.append(action);
    return action;
}

QMenu *MessageActions::menuFor(int row, QWidget *parent)
{
    auto *menu = new QMenu(parent);
    menu->setObjectName(QStringLiteral("messageMenu"));
    for (QAction *action : std::as_const(m_actions)) {
        if (action->objectName() == QLatin1String("deleteTurnAction"))
            menu->addSeparator();
        auto *entry = menu->addAction(action->text());
        entry->setShortcut(action->shortcut());
        entry->setEnabled(action->isEnabled());
        connect(entry, &QAction::triggered, action, [action, row] {
            action->setData(row);
            action->trigger();
        });
    }
    return menu;
}

int MessageActions::targetRow() const
{
    const QModelIndex current = m_view->currentIndex();
    if (current.isValid())
        return current.row();
    return m_model->rowCount() - 1;
}

QString MessageActions::markdownOf(int row) const
{
    if (row < 0 || row >= m_model->rowCount())
        return {};
    // A plan's text is its summary; the others are their own source.
    return m_model->index(row).data(Qt::DisplayRole).toString();
}

QString MessageActions::plainTextOf(int row) const
{
    if (row < 0 || row >= m_model->rowCount())
        return {};
    if (m_model->item(row).kind != ChatItem::Kind::Assistant)
        return markdownOf(row);
    QTextDocument document;
    document.setMarkdown(m_model->item(row).text);
    return document.toPlainText();
}

void MessageActions::copy(int row)
{
    if (row >= 0 && row < m_model->rowCount())
        QGuiApplication::clipboard()->setText(markdownOf(row));
}

void MessageActions::copyPlainText(int row)
{
    if (row >= 0 && row < m_model->rowCount())
        QGuiApplication::clipboard()->setText(plainTextOf(row));
}

void MessageActions::regenerate(int row)
{
    const int start = m_model->turnStart(row);
    if (start < 0 || m_client->isBusy())
        return;
    const QString question = m_model->item(start).text;
    cancelEdit();
    m_keeper->forgetSession();
    m_model->startBranch(start);
    m_keeper->sendTurn(question);
}

void MessageActions::startEdit(int row)
{
    const int start = m_model->turnStart(row);
    if (start < 0 || m_client->isBusy())
        return;
    m_editRow = start;
    m_input->setPlainText(m_model->item(start).text);
    m_input->moveCursor(QTextCursor::End);
    m_input->setFocus();
    emit editingChanged(true);
}

void MessageActions::cancelEdit()
{
    if (std::exchange(m_editRow, -1) >= 0)
        emit editingChanged(false);
}

void MessageActions::resendEdited(const QString &text)
{
    const int start = m_editRow;
    cancelEdit();
    if (start < 0 || start >= m_model->rowCount() || m_client->isBusy())
        return;
    m_keeper->forgetSession();
    m_model->startBranch(start);
    m_keeper->sendTurn(text);
}

void MessageActions::deleteTurn(int row)
{
    const int start = m_model->turnStart(row);
    if (start < 0 || m_client->isBusy())
        return;
    auto *ask = new QMessageBox(QMessageBox::Question, tr("Delete Turn"),
        tr("Delete this message and its answer? This cannot be undone."),
        QMessageBox::Yes | QMessageBox::Cancel, m_view->window());
    ask->setObjectName(QStringLiteral("deleteTurnQuestion"));
    ask->setAttribute(Qt::WA_DeleteOnClose);
    ask->setDefaultButton(QMessageBox::Cancel);
    // The row may move before the answer (an import, a reset): its text says which.
    const QString question = m_model->item(start).text;
    connect(ask, &QMessageBox::accepted, this, [this, start, question] {
        if (start >= m_model->rowCount() || m_model->item(start).text != question
            || m_client->isBusy())
            return;
        cancelEdit();
        m_model->removeTurn(start);
        m_keeper->forgetSession();
        m_keeper->saveCurrent();
    });
    ask->open();
}

void MessageActions::showPreviousVersion(int row)
{
    stepVersion(row, -1);
}

void MessageActions::showNextVersion(int row)
{
    stepVersion(row, +1);
}

void MessageActions::stepVersion(int row, int by)
{
    const int start = m_model->turnStart(row);
    if (start < 0 || m_client->isBusy())
        return;
    const ChatItem &item = m_model->item(start);
    const int version = item.shownVersion + by;
    if (version < 0 || version >= item.versions.size())
        return;
    cancelEdit();
    m_model->showVersion(start, version);
    m_keeper->forgetSession();
    m_keeper->saveCurrent();
}

void MessageActions::updateEnabled()
{
    const bool idle = !m_client->isBusy();
    const bool any = m_model->rowCount() > 0;
    for (QAction *action : std::as_const(m_actions)) {
        const bool changes = !action->objectName().startsWith(QLatin1String("copy"));
        action->setEnabled(any && (idle || !changes));
    }
}

} // namespace rill
