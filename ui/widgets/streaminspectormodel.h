#pragma once

#include "server/protocol/sseevent.h"
#include "ui/net/answertally.h"
#include "ui/net/streamtiming.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QElapsedTimer>
#include <QList>

namespace rill {

// The raw events of the current stream, one row each, with when they arrived
// and whether they came in a buffered burst (see StreamTiming). A new run
// (requestSent(false)) clears it; a reconnect to the same run keeps adding.
// It keeps the last maxRows() events; the timing verdict covers them all.
class StreamInspectorModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        ArrivalColumn,
        SinceRequestColumn,
        GapColumn,
        TypeColumn,
        IdColumn,
        SizeColumn,
        DataColumn,
        ColumnCount
    };
    enum Role {
        InBurstRole = Qt::UserRole + 1, // bool
        PrettyDataRole, // the data as indented JSON, or as it came when not JSON
        GapMsRole, // qint64
        SinceRequestMsRole, // qint64
    };

    static constexpr int kDefaultMaxRows = 5000;

    explicit StreamInspectorModel(StreamTimingOptions options = {}, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setMaxRows(int rows) { m_maxRows = rows; }
    int maxRows() const { return m_maxRows; }
    const StreamTiming &timing() const { return m_timing; }
    // The run's answer: its thinking and answer pieces, its stats.
    const AnswerTally &answer() const { return m_answer; }
    qint64 nowMs() const { return m_clock.elapsed(); }
    // Whether a request is out and its stream has not finished.
    bool isStreaming() const { return m_streaming; }
    // How long the stream has been quiet: since the latest event or request.
    qint64 silenceMs() const;

public slots:
    // Connect to ChatClient::requestSent and ChatClient::rawEventReceived.
    void requestSent(bool resume);
    void addEvent(const rill::SseEvent &event, qint64 msSinceRequest);
    // Connect to ChatClient::streamFinished.
    void streamFinished();
    void clear();

signals:
    // The verdict may have changed: cleared, an event came, a burst was found.
    void timingChanged();

private:
    struct Row
    {
        QDateTime arrival;
        qint64 sinceRequestMs = 0;
        qint64 gapMs = 0;
        QString type;
        QString id;
        qsizetype size = 0;
        QString data;
        bool inBurst = false;
    };

    void flagBurst(qint64 firstSequence, qint64 lastSequence);

    StreamTimingOptions m_options;
    StreamTiming m_timing;
    AnswerTally m_answer;
    QList<Row> m_rows;
    qint64 m_firstSequence = 0; // the sequence number of m_rows.first()
    QElapsedTimer m_clock;
    qint64 m_requestAt = 0; // m_clock time of the latest request
    qint64 m_lastActivityAt = 0; // m_clock time of the latest request or event
    bool m_streaming = false;
    QDateTime m_requestWallTime;
    int m_maxRows = kDefaultMaxRows;
};

} // namespace rill
