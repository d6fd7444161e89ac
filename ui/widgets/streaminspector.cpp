#include "ui/widgets/streaminspector.h"

#include "ui/net/answertally.h"
#include "ui/net/chatclient.h"
#include "ui/widgets/modeltextdocument.h"
#include "ui/widgets/streaminspectormodel.h"

#include <QAction>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMainWindow>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace rill {

namespace {

const QString kVisibleKey = QStringLiteral("inspector/visible");

QString seconds(qint64 ms)
{
    return QLocale().toString(double(ms) / 1000.0, 'f', 1);
}

} // namespace

StreamInspector::StreamInspector(StreamInspectorModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_verdict(new QLabel(this))
    , m_table(new QTableView(this))
    , m_details(new QPlainTextEdit(this))
    , m_silenceTicker(new QTimer(this))
{
    m_silenceTicker->setInterval(100);
    connect(m_silenceTicker, &QTimer::timeout, this, &StreamInspector::updateVerdict);
    m_verdict->setObjectName(QStringLiteral("inspectorVerdict"));
    m_verdict->setWordWrap(true);
    m_verdict->setMargin(6);
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_table->setObjectName(QStringLiteral("inspectorTable"));
    m_table->setModel(model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    // Ids end in their sequence number, and JSON's last fields say as much as its first.
    m_table->setTextElideMode(Qt::ElideMiddle);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    // Widths from samples rather than ResizeToContents, which would measure
    // many rows again on every event of a fast stream.
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(StreamInspectorModel::DataColumn, QHeaderView::Stretch);
    const QFontMetrics metrics = m_table->fontMetrics();
    const QList<std::pair<int, QString>> samples {
        { StreamInspectorModel::ArrivalColumn, QStringLiteral("00:00:00.000") },
        { StreamInspectorModel::SinceRequestColumn, QStringLiteral("000000") },
        { StreamInspectorModel::GapColumn, QStringLiteral("00000") },
        { StreamInspectorModel::TypeColumn, QStringLiteral("assistant") },
        { StreamInspectorModel::IdColumn, QStringLiteral("0000000000") },
        { StreamInspectorModel::SizeColumn, QStringLiteral("00000") },
    };
    for (const auto &[column, sample] : samples) {
        const QString title = model->headerData(column, Qt::Horizontal).toString();
        header->resizeSection(column,
            std::max(
                metrics.horizontalAdvance(sample), header->fontMetrics().horizontalAdvance(title))
                + 16);
    }

    // An event's data is the model's text: never markup, never a reason to load anything.
    auto *details = new ModelTextDocument(m_details);
    details->setDocumentLayout(new QPlainTextDocumentLayout(details));
    m_details->setDocument(details);
    m_details->setObjectName(QStringLiteral("inspectorDetails"));
    m_details->setReadOnly(true);
    m_details->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_details->setPlaceholderText(tr("Select an event to see its data."));

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_verdict);
    layout->addWidget(splitter, 1);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &StreamInspector::showDetails);
    // Follow new rows only while the user is looking at the newest ones.
    connect(model, &QAbstractItemModel::rowsAboutToBeInserted, this, [this] {
        const QScrollBar *bar = m_table->verticalScrollBar();
        m_followEnd = bar->value() == bar->maximum();
    });
    connect(model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_followEnd)
            m_table->scrollToBottom();
    });
    connect(model, &QAbstractItemModel::modelReset, m_details, &QPlainTextEdit::clear);
    connect(model, &StreamInspectorModel::timingChanged, this, &StreamInspector::updateVerdict);
    updateVerdict();
}

QString StreamInspector::verdictText() const
{
    return m_verdict->text();
}

void StreamInspector::updateVerdict()
{
    const StreamTiming &timing = m_model->timing();
    const qint64 silence = m_model->silenceMs();
    QString text;
    QString style;
    if (const std::optional<StreamBurst> burst = timing.largestBurst()) {
        text = tr("Buffered: %1 events in %2 ms after %3 s of silence — the server or a proxy "
                  "holds events back")
                   .arg(burst->events)
                   .arg(burst->spanMs)
                   .arg(seconds(burst->silenceMs));
        style = QStringLiteral("background: #ffd599; color: black; font-weight: bold;");
    } else if (m_model->isStreaming() && silence >= timing.options().minSilenceMs) {
        text = timing.eventCount() == 0
            ? tr("Waiting for the first event: %1 s since the request").arg(seconds(silence))
            : tr("Waiting: no event for %1 s").arg(seconds(silence));
    } else if (timing.eventCount() > 0) {
        const int count = int(timing.eventCount());
        text = m_model->isStreaming()
            ? tr("Live so far: %n event(s), none held back and sent in a burst", nullptr, count)
            : tr("Live: %n event(s), none held back and sent in a burst", nullptr, count);
    } else {
        text = tr("No events yet. Send a message: every event of its stream shows here as it "
                  "arrives.");
    }
    // An LLM's answer: its figures as they come, the server's own at the end.
    if (const auto stats = m_model->answer().stats(m_model->nowMs()))
        text += QStringLiteral("\n") + tr("Answer: %1").arg(describeStats(*stats));
    m_verdict->setText(text);
    m_verdict->setStyleSheet(style);
    // Tick only while a silence could be growing, and only when someone can see it.
    if (m_model->isStreaming() && isVisible())
        m_silenceTicker->start();
    else
        m_silenceTicker->stop();
}

void StreamInspector::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    updateVerdict();
}

void StreamInspector::showDetails(const QModelIndex &current)
{
    m_details->setPlainText(current.isValid()
            ? current.data(StreamInspectorModel::PrettyDataRole).toString()
            : QString());
}

StreamInspectorDock::StreamInspectorDock(ChatClient *client, QWidget *parent)
    : QDockWidget(tr("Stream Inspector"), parent)
    , m_model(new StreamInspectorModel({}, this))
    , m_inspector(new StreamInspector(m_model, this))
{
    setObjectName(QStringLiteral("streamInspectorDock"));
    setWidget(m_inspector);
    connect(client, &ChatClient::requestSent, m_model, &StreamInspectorModel::requestSent);
    connect(client, &ChatClient::rawEventReceived, m_model, &StreamInspectorModel::addEvent);
    connect(client, &ChatClient::streamFinished, m_model, &StreamInspectorModel::streamFinished);

    QAction *toggle = toggleViewAction();
    toggle->setObjectName(QStringLiteral("streamInspectorAction"));
    toggle->setText(tr("Stream &Inspector"));
    toggle->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    toggle->setStatusTip(tr("Show every raw event of the stream with its timing"));
}

void StreamInspectorDock::closeEvent(QCloseEvent *event)
{
    QSettings().setValue(kVisibleKey, false);
    QDockWidget::closeEvent(event);
}

StreamInspectorDock *StreamInspectorDock::install(QMainWindow *window, ChatClient *client)
{
    auto *dock = new StreamInspectorDock(client, window);
    window->addDockWidget(Qt::BottomDockWidgetArea, dock);
    window->resizeDocks({ dock }, { 320 }, Qt::Vertical); // leave the chat the larger part
    // Shown or not as the user last left it; applied once docked, as docking shows it.
    const bool visible = QSettings().value(kVisibleKey, false).toBool();
    dock->setVisible(visible);
    dock->toggleViewAction()->setChecked(visible);
    // Only the user's choices are remembered (menu, shortcut, the dock's close
    // button), not the hiding that comes with closing the window.
    connect(dock->toggleViewAction(), &QAction::triggered, dock,
        [](bool shown) { QSettings().setValue(kVisibleKey, shown); });
    QMenu *view = window->menuBar()->findChild<QMenu *>(QStringLiteral("viewMenu"));
    if (!view) {
        view = window->menuBar()->addMenu(tr("&View"));
        view->setObjectName(QStringLiteral("viewMenu"));
    }
    view->addAction(dock->toggleViewAction());
    return dock;
}

} // namespace rill
