#include "ui/widgets/chatview.h"

#include "ui/widgets/chatdelegate.h"
#include "ui/widgets/chatmodel.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>

namespace rill {

namespace {

constexpr int kSpinnerIntervalMs = 50;
constexpr int kSpinnerStepDegrees = 24;
// Closer to the end than this counts as being at the end: fractional layout
// and wheel steps rarely land on the exact maximum.
constexpr int kEndSlack = 4;

} // namespace

ChatView::ChatView(QWidget *parent)
    : QListView(parent)
    , m_delegate(new ChatDelegate(this))
{
    setItemDelegate(m_delegate);
    setVerticalScrollMode(ScrollPerPixel);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setUniformItemSizes(false);
    // Adjust: a new width means new line breaks, so every row is measured again.
    setResizeMode(Adjust);
    setSelectionMode(NoSelection);
    // A click (to give the chat the keyboard) would otherwise scroll the row
    // under the mouse to its top half a second later: a jump to the start of
    // a long answer.
    setAutoScroll(false);
    setEditTriggers(NoEditTriggers);
    setFrameShape(QFrame::NoFrame);

    m_spinner.setInterval(kSpinnerIntervalMs);
    connect(&m_spinner, &QTimer::timeout, this, &ChatView::animate);

    QScrollBar *bar = verticalScrollBar();
    // Moving the bar (by wheel, drag or keys) decides whether to follow; the
    // content growing only moves it when following.
    connect(bar, &QScrollBar::valueChanged, this,
        [this, bar](int value) { m_followEnd = value >= bar->maximum() - kEndSlack; });
    connect(bar, &QScrollBar::rangeChanged, this, [this, bar](int, int maximum) {
        if (m_followEnd)
            bar->setValue(maximum);
    });
}

QRect ChatView::planPartRect(int row, int step, PlanCardPainter::Hit::Target part) const
{
    const QModelIndex index = model() ? model()->index(row, 0) : QModelIndex();
    if (!index.isValid())
        return {};
    QStyleOptionViewItem option;
    initViewItemOption(&option);
    option.rect = visualRect(index);
    return m_delegate->planPartRect(option, index, step, part);
}

void ChatView::mouseReleaseEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    const QModelIndex index = indexAt(pos);
    if (event->button() == Qt::LeftButton && index.isValid()) {
        QStyleOptionViewItem option;
        initViewItemOption(&option);
        option.rect = visualRect(index);
        using Target = PlanCardPainter::Hit::Target;
        const PlanCardPainter::Hit hit = m_delegate->planHit(option, index, pos);
        switch (hit.target) {
        case Target::Toggle:
            emit stepToggled(index.row(), hit.step);
            break;
        case Target::Allow:
            emit approvalChosen(index.row(), hit.step, QStringLiteral("allow"));
            break;
        case Target::AllowAlways:
            emit approvalChosen(index.row(), hit.step, QStringLiteral("allow-always"));
            break;
        case Target::Deny:
            emit approvalChosen(index.row(), hit.step, QStringLiteral("deny"));
            break;
        case Target::None:
            break;
        }
    }
    QListView::mouseReleaseEvent(event);
}

void ChatView::setModel(QAbstractItemModel *newModel)
{
    if (newModel == model())
        return;
    // The delegate's caches are by row number; these signals renumber or drop rows.
    if (QAbstractItemModel *old = model()) {
        disconnect(old, &QAbstractItemModel::modelReset, this, &ChatView::rescanRows);
        disconnect(old, &QAbstractItemModel::rowsRemoved, this, &ChatView::rescanRows);
        disconnect(old, &QAbstractItemModel::rowsMoved, this, &ChatView::rescanRows);
    }
    if (newModel) {
        connect(newModel, &QAbstractItemModel::modelReset, this, &ChatView::rescanRows);
        connect(newModel, &QAbstractItemModel::rowsRemoved, this, &ChatView::rescanRows);
        connect(newModel, &QAbstractItemModel::rowsMoved, this, &ChatView::rescanRows);
    }
    QListView::setModel(newModel);
    rescanRows();
}

void ChatView::dataChanged(
    const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles)
{
    const auto affects = [&roles](int role) { return roles.isEmpty() || roles.contains(role); };
    // Each row is repainted, and only a row whose height changed is laid out
    // again, with all rows after it. QListView's own dataChanged would measure
    // every row for every piece of a streamed answer, most of which add no
    // line, and it schedules no layout in list mode even so: the grown row
    // was cut off, the scroll range left as it was. A layout already pending
    // measures the row anyway.
    QAbstractItemView::dataChanged(topLeft, bottomRight, roles);
    const bool mayResize = affects(ChatModel::TextRole) || affects(ChatModel::StepsRole)
        || affects(ChatModel::EndRole);
    if (mayResize && !m_layoutPending
        && (topLeft.row() != bottomRight.row() || heightChanged(topLeft))) {
        scheduleDelayedItemsLayout();
        m_layoutPending = true;
    }
    if (affects(ChatModel::BusyRole))
        trackBusyRows(topLeft.row(), bottomRight.row());
}

bool ChatView::heightChanged(const QModelIndex &index) const
{
    // QListView measures a row afresh whenever it is asked for its rectangle,
    // so the height the last layout gave it is where the next row starts (or
    // the contents end) less where it starts.
    const int row = index.row();
    const int top = rectForIndex(index).top();
    const int end = row + 1 < model()->rowCount() ? rectForIndex(model()->index(row + 1, 0)).top()
                                                  : contentsSize().height();
    QStyleOptionViewItem option;
    initViewItemOption(&option);
    return itemDelegateForIndex(index)->sizeHint(option, index).height() != end - top;
}

void ChatView::rowsInserted(const QModelIndex &parent, int start, int end)
{
    QListView::rowsInserted(parent, start, end);
    m_layoutPending = true;
    if (!parent.isValid())
        trackBusyRows(start, end);
}

void ChatView::doItemsLayout()
{
    m_layoutPending = false;
    QListView::doItemsLayout();
}

void ChatView::updateGeometries()
{
    QListView::updateGeometries();
    // Per-pixel scrolling would otherwise move a wheel notch by a few pixels.
    verticalScrollBar()->setSingleStep(fontMetrics().height() * 2);
}

void ChatView::keyPressEvent(QKeyEvent *event)
{
    QScrollBar *bar = verticalScrollBar();
    if (event->modifiers() & ~(Qt::ControlModifier | Qt::KeypadModifier)) {
        QListView::keyPressEvent(event);
        return;
    }
    switch (event->key()) {
    case Qt::Key_Home:
        bar->triggerAction(QAbstractSlider::SliderToMinimum);
        break;
    case Qt::Key_End:
        bar->triggerAction(QAbstractSlider::SliderToMaximum);
        break;
    case Qt::Key_PageUp:
        bar->triggerAction(QAbstractSlider::SliderPageStepSub);
        break;
    case Qt::Key_PageDown:
        bar->triggerAction(QAbstractSlider::SliderPageStepAdd);
        break;
    case Qt::Key_Up:
        bar->triggerAction(QAbstractSlider::SliderSingleStepSub);
        break;
    case Qt::Key_Down:
        bar->triggerAction(QAbstractSlider::SliderSingleStepAdd);
        break;
    default:
        QListView::keyPressEvent(event);
        return;
    }
    event->accept();
}

void ChatView::paintEvent(QPaintEvent *event)
{
    QListView::paintEvent(event);
    if (!hasFocus())
        return;
    QPainter painter(viewport());
    painter.setPen(QPen(palette().color(QPalette::Highlight), 2));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(QRectF(viewport()->rect()).adjusted(1, 1, -1, -1));
}

void ChatView::focusInEvent(QFocusEvent *event)
{
    QListView::focusInEvent(event);
    viewport()->update();
}

void ChatView::focusOutEvent(QFocusEvent *event)
{
    QListView::focusOutEvent(event);
    viewport()->update();
}

void ChatView::changeEvent(QEvent *event)
{
    QListView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange) {
        m_delegate->clearCache();
        scheduleDelayedItemsLayout();
    }
}

void ChatView::scrollContentsBy(int dx, int dy)
{
    QListView::scrollContentsBy(dx, dy);
    // Scrolling moves the pixels, the frame included; it belongs at the edges.
    if (hasFocus())
        viewport()->update();
}

void ChatView::trackBusyRows(int first, int last)
{
    for (int row = first; row <= last; ++row) {
        const QPersistentModelIndex index(model()->index(row, 0));
        const bool busy = index.data(ChatModel::BusyRole).toBool();
        const bool tracked = m_busyRows.contains(index);
        if (busy && !tracked)
            m_busyRows.append(index);
        else if (!busy && tracked)
            m_busyRows.removeAll(index);
    }
    // The timer runs only while there is something to turn.
    if (m_busyRows.isEmpty())
        m_spinner.stop();
    else if (!m_spinner.isActive())
        m_spinner.start();
}

void ChatView::rescanRows()
{
    m_delegate->clearCache();
    m_busyRows.clear();
    trackBusyRows(0, model() ? model()->rowCount() - 1 : -1);
}

void ChatView::animate()
{
    m_delegate->setSpinnerAngle((m_delegate->spinnerAngle() + kSpinnerStepDegrees) % 360);
    for (const QPersistentModelIndex &index : std::as_const(m_busyRows)) {
        if (index.isValid())
            update(index);
    }
}

} // namespace rill
