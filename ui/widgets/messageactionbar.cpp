#include "ui/widgets/messageactionbar.h"

#include "ui/widgets/chatmodel.h"
#include "ui/widgets/chatview.h"
#include "ui/widgets/messageactions.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QScrollBar>
#include <QToolButton>

namespace rill {

MessageActionBar::MessageActionBar(ChatView *view, MessageActions *actions)
    : QFrame(view->viewport())
    , m_view(view)
    , m_actions(actions)
{
    setObjectName(QStringLiteral("messageActionBar"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(0);
    addButton(tr("Copy"), tr("Copy the message as Markdown (Ctrl+Shift+C)"),
        QStringLiteral("barCopyButton"), &MessageActions::copy);
    m_regenerate = addButton(tr("Regenerate"), tr("Run this turn again (Ctrl+R)"),
        QStringLiteral("barRegenerateButton"), &MessageActions::regenerate);
    m_edit = addButton(tr("Edit"), tr("Edit the question and resend it (Ctrl+E)"),
        QStringLiteral("barEditButton"), &MessageActions::startEdit);
    m_previous = addButton(QStringLiteral("‹"), tr("Previous version (Ctrl+[)"),
        QStringLiteral("barPreviousButton"), &MessageActions::showPreviousVersion);
    m_version = new QLabel(this);
    m_version->setObjectName(QStringLiteral("barVersionLabel"));
    layout->addWidget(m_version);
    m_next = addButton(QStringLiteral("›"), tr("Next version (Ctrl+])"),
        QStringLiteral("barNextButton"), &MessageActions::showNextVersion);
    addButton(tr("Delete"), tr("Delete this turn (Ctrl+Delete)"), QStringLiteral("barDeleteButton"),
        &MessageActions::deleteTurn);
    hide();

    view->viewport()->setMouseTracking(true);
    view->viewport()->installEventFilter(this);
    const auto follow = [this] { place(); };
    connect(view->verticalScrollBar(), &QScrollBar::valueChanged, this, follow);
    connect(view->model(), &QAbstractItemModel::dataChanged, this, follow);
    connect(view->model(), &QAbstractItemModel::modelReset, this, [this] { showFor(-1); });
    connect(view->model(), &QAbstractItemModel::rowsRemoved, this, follow);
}

QToolButton *MessageActionBar::addButton(const QString &text, const QString &toolTip,
    const QString &name, void (MessageActions::*slot)(int))
{
    auto *button = new QToolButton(this);
    button->setObjectName(name);
    button->setText(text);
    button->setToolTip(toolTip);
    button->setAutoRaise(true);
    button->setFocusPolicy(Qt::TabFocus);
    connect(button, &QToolButton::clicked, this, [this, slot] {
        const int row = this->row();
        if (row < 0)
            return;
        (m_actions->*slot)(row);
        // A version switched in replaces the rows: stay over the same place.
        if (!m_row.isValid() && row < m_view->model()->rowCount())
            showFor(row);
    });
    layout()->addWidget(button);
    return button;
}

void MessageActionBar::showFor(int row)
{
    QAbstractItemModel *model = m_view->model();
    m_row = row >= 0 && row < model->rowCount() ? QPersistentModelIndex(model->index(row, 0))
                                                : QPersistentModelIndex();
    place();
}

void MessageActionBar::place()
{
    if (!m_row.isValid()) {
        hide();
        return;
    }
    const int start = qobject_cast<ChatModel *>(m_view->model())
        ? static_cast<ChatModel *>(m_view->model())->turnStart(m_row.row())
        : -1;
    const bool question = m_row.data(ChatModel::KindRole).toInt() == int(ChatItem::Kind::User);
    m_regenerate->setVisible(!question && start >= 0);
    m_edit->setVisible(question);
    const QModelIndex turn = start >= 0 ? m_view->model()->index(start, 0) : QModelIndex();
    const int count = turn.data(ChatModel::VersionCountRole).toInt();
    const int version = turn.data(ChatModel::VersionRole).toInt();
    const bool versions = count > 1;
    m_previous->setVisible(versions);
    m_next->setVisible(versions);
    m_version->setVisible(versions);
    m_previous->setEnabled(version > 0);
    m_next->setEnabled(version + 1 < count);
    m_version->setText(QStringLiteral("%1/%2").arg(version + 1).arg(count));
    adjustSize();
    const QRect rect = m_view->visualRect(m_row);
    const int x = std::max(0, rect.right() - width() - 8);
    // At the row's top, but inside the viewport while any of the row is.
    const int y = std::clamp(rect.top() + 2, 0, std::max(0, rect.bottom() - height()));
    move(x, y);
    show();
    raise();
}

bool MessageActionBar::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view->viewport()) {
        if (event->type() == QEvent::MouseMove) {
            const auto *move = static_cast<QMouseEvent *>(event);
            const QModelIndex index = m_view->indexAt(move->position().toPoint());
            if (index.isValid() && index != m_row)
                showFor(index.row());
        } else if (event->type() == QEvent::Leave && !underMouse()) {
            showFor(-1);
        }
    }
    return QFrame::eventFilter(watched, event);
}

} // namespace rill
