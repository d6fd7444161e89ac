#include "ui/widgets/findbar.h"

#include "ui/widgets/chatdelegate.h"
#include "ui/widgets/chatstyle.h"
#include "ui/widgets/chatview.h"

#include <QAbstractTextDocumentLayout>
#include <QAction>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>
#include <QToolButton>

namespace rill {

namespace {

// While an answer streams its row changes many times a second; searching
// them all again that often is waste.
constexpr int kRecollectMs = 150;

QAction *makeAction(
    QObject *parent, const QString &text, const QString &name, QKeySequence::StandardKey key)
{
    auto *action = new QAction(text, parent);
    action->setObjectName(name);
    action->setShortcuts(key);
    return action;
}

} // namespace

FindBar::FindBar(ChatView *view, QWidget *parent)
    : QWidget(parent)
    , m_view(view)
    , m_field(new QLineEdit(this))
    , m_count(new QLabel(this))
{
    m_field->setObjectName(QStringLiteral("findField"));
    m_field->setPlaceholderText(tr("Find in this conversation"));
    m_field->setAccessibleName(tr("Find in this conversation"));
    m_field->setClearButtonEnabled(true);
    m_field->installEventFilter(this);
    m_count->setObjectName(QStringLiteral("findCount"));
    m_count->setMinimumWidth(
        m_count->fontMetrics().horizontalAdvance(tr("%1 of %2").arg(888).arg(888)));

    QAction *find
        = makeAction(this, tr("&Find…"), QStringLiteral("findAction"), QKeySequence::Find);
    QAction *next = makeAction(
        this, tr("Find &Next"), QStringLiteral("findNextAction"), QKeySequence::FindNext);
    QAction *previous = makeAction(this, tr("Find Pre&vious"), QStringLiteral("findPreviousAction"),
        QKeySequence::FindPrevious);
    connect(find, &QAction::triggered, this, &FindBar::open);
    connect(next, &QAction::triggered, this, &FindBar::findNext);
    connect(previous, &QAction::triggered, this, &FindBar::findPrevious);
    m_actions = { find, next, previous };

    const auto button = [this](Qt::ArrowType arrow, const QString &tip, const QString &name) {
        auto *b = new QToolButton(this);
        b->setArrowType(arrow);
        b->setToolTip(tip);
        b->setAccessibleName(tip);
        b->setObjectName(name);
        b->setAutoRaise(true);
        return b;
    };
    QToolButton *up = button(
        Qt::UpArrow, tr("Previous match (Shift+Enter)"), QStringLiteral("findPreviousButton"));
    QToolButton *down
        = button(Qt::DownArrow, tr("Next match (Enter)"), QStringLiteral("findNextButton"));
    auto *closeButton = new QToolButton(this);
    closeButton->setObjectName(QStringLiteral("findCloseButton"));
    closeButton->setText(QStringLiteral("✕"));
    closeButton->setToolTip(tr("Close (Esc)"));
    closeButton->setAccessibleName(tr("Close find"));
    closeButton->setAutoRaise(true);
    connect(up, &QToolButton::clicked, this, &FindBar::findPrevious);
    connect(down, &QToolButton::clicked, this, &FindBar::findNext);
    connect(closeButton, &QToolButton::clicked, this, &FindBar::close);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addWidget(m_field, 1);
    layout->addWidget(m_count);
    layout->addWidget(up);
    layout->addWidget(down);
    layout->addWidget(closeButton);

    m_recollect.setSingleShot(true);
    m_recollect.setInterval(kRecollectMs);
    connect(&m_recollect, &QTimer::timeout, this, &FindBar::collect);
    connect(m_field, &QLineEdit::textChanged, this, [this] {
        m_current = -1; // a new term starts from where the reader is
        collect();
    });
    QAbstractItemModel *model = view->model();
    const auto later = [this] {
        if (isVisible() && !m_field->text().isEmpty())
            m_recollect.start();
    };
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        m_current = -1; // another conversation
        if (isVisible())
            m_recollect.start();
    });
    connect(model, &QAbstractItemModel::rowsInserted, this, later);
    connect(model, &QAbstractItemModel::rowsRemoved, this, later);
    connect(model, &QAbstractItemModel::dataChanged, this, later);
    hide();
}

QString FindBar::countText() const
{
    return m_count->text();
}

void FindBar::open()
{
    QWidget::show();
    m_field->setFocus(Qt::ShortcutFocusReason);
    m_field->selectAll();
    collect();
}

void FindBar::close()
{
    const bool hadFocus = isAncestorOf(focusWidget()) || m_field->hasFocus();
    hide();
    m_matches.clear();
    m_current = -1;
    updateMarks();
    if (hadFocus)
        m_view->setFocus(Qt::OtherFocusReason);
}

void FindBar::findNext()
{
    if (!isVisible())
        open();
    step(1);
}

void FindBar::findPrevious()
{
    if (!isVisible())
        open();
    step(-1);
}

void FindBar::collect()
{
    const QString term = m_field->text();
    const bool hadCurrent = m_current >= 0 && m_current < m_matches.size();
    const Match was = hadCurrent ? m_matches.at(m_current) : Match { -1, -1, 0 };
    m_matches.clear();
    auto *delegate = qobject_cast<ChatDelegate *>(m_view->itemDelegate());
    if (!term.isEmpty() && isVisible() && delegate) {
        m_view->layOutNow(); // every row's text laid out as shown
        for (int row = 0; row < m_view->model()->rowCount(); ++row) {
            const QTextDocument *document = delegate->renderedText(row);
            if (!document)
                continue; // a plan card: no text of its own
            for (QTextCursor found = document->find(term); !found.isNull();
                 found = document->find(term, found))
                m_matches.append(
                    { row, found.selectionStart(), found.selectionEnd() - found.selectionStart() });
        }
    }
    int current = -1;
    if (!m_matches.isEmpty()) {
        if (hadCurrent) {
            // The same match, or the first one after where it was.
            current = int(std::find_if(m_matches.cbegin(), m_matches.cend(), [&](const Match &m) {
                return m.row > was.row || (m.row == was.row && m.position >= was.position);
            }) - m_matches.cbegin());
            m_current = current % int(m_matches.size());
            updateMarks();
            return; // the reader stays where they are
        }
        // A new term: the first match from the top of what is on screen.
        const int top = std::max(0, m_view->indexAt(QPoint(0, 0)).row());
        const auto from = std::find_if(
            m_matches.cbegin(), m_matches.cend(), [top](const Match &m) { return m.row >= top; });
        current = from == m_matches.cend() ? 0 : int(from - m_matches.cbegin());
    }
    show(current);
}

void FindBar::step(int by)
{
    if (m_matches.isEmpty())
        return;
    const int count = int(m_matches.size());
    show(m_current < 0 ? (by > 0 ? 0 : count - 1) : ((m_current + by) % count + count) % count);
}

void FindBar::show(int match)
{
    m_current = match;
    updateMarks();
    if (match >= 0)
        scrollTo(m_matches.at(match));
}

void FindBar::updateMarks()
{
    const QString term = m_field->text();
    if (auto *delegate = qobject_cast<ChatDelegate *>(m_view->itemDelegate())) {
        const Match current = m_current >= 0 ? m_matches.at(m_current) : Match { -1, -1, 0 };
        delegate->setFindMarks(isVisible() ? term : QString(), current.row, current.position);
    }
    if (term.isEmpty() || !isVisible())
        m_count->clear();
    else if (m_matches.isEmpty())
        m_count->setText(tr("No matches"));
    else
        m_count->setText(tr("%1 of %2").arg(m_current + 1).arg(m_matches.size()));
    m_view->viewport()->update();
}

void FindBar::scrollTo(const Match &match)
{
    const auto *delegate = qobject_cast<ChatDelegate *>(m_view->itemDelegate());
    const QTextDocument *document = delegate ? delegate->renderedText(match.row) : nullptr;
    if (!document)
        return;
    // Where the match's line is in its row: the row's top, the bubble's
    // margins, then the line in the laid-out text.
    const QTextBlock block = document->findBlock(match.position);
    qreal y = document->documentLayout()->blockBoundingRect(block).top();
    if (const QTextLayout *layout = block.layout()) {
        const QTextLine line = layout->lineForTextPosition(match.position - block.position());
        if (line.isValid())
            y += line.y() + line.height() / 2;
    }
    const QRect row = m_view->visualRect(m_view->model()->index(match.row, 0));
    const int inViewport = row.top() + ChatMetrics::RowMarginY + ChatMetrics::PaddingY + int(y);
    QScrollBar *bar = m_view->verticalScrollBar();
    bar->setValue(bar->value() + inViewport - m_view->viewport()->height() / 2);
}

bool FindBar::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_field
        || (event->type() != QEvent::KeyPress && event->type() != QEvent::ShortcutOverride))
        return QWidget::eventFilter(watched, event);
    const auto *key = static_cast<QKeyEvent *>(event);
    const bool enter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
    if (event->type() == QEvent::ShortcutOverride) {
        // Esc closes the bar here, whatever else it does in the window.
        if (key->key() == Qt::Key_Escape || enter)
            event->accept();
        return false;
    }
    if (enter) {
        step(key->modifiers() & Qt::ShiftModifier ? -1 : 1);
        return true;
    }
    if (key->key() == Qt::Key_Escape) {
        close();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace rill
