#include "ui/widgets/streaminspectormodel.h"

#include <QColor>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace rill {

namespace {

// The one-line column shows this much; the details pane shows all of it.
constexpr qsizetype kDataColumnChars = 300;

// Light amber: readable with the default palette's dark text.
const QColor kBurstBackground(255, 213, 153);

QString typeOf(const SseEvent &event, const QJsonDocument &json)
{
    // The chat protocol keeps its type in the JSON; other streams name theirs
    // in the `event:` field.
    const QString type = json.object().value(QLatin1String("type")).toString();
    if (!type.isEmpty())
        return type;
    return event.type.isEmpty() ? QStringLiteral("message") : event.type;
}

// Indents valid JSON text like QJsonDocument::Indented does, but keeps the
// keys in the order the server sent them (QJsonObject would sort them, and the
// seed's order — type, id, sessionId, ... — is part of what is being inspected).
QString indentJson(const QString &json)
{
    QString out;
    out.reserve(json.size() * 2);
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    const auto newline = [&] { out += u'\n' + QString(depth * 4, u' '); };
    for (qsizetype i = 0; i < json.size(); ++i) {
        const QChar c = json.at(i);
        if (inString) {
            out += c;
            if (escaped)
                escaped = false;
            else if (c == u'\\')
                escaped = true;
            else if (c == u'"')
                inString = false;
            continue;
        }
        if (c.isSpace())
            continue;
        if (c == u'"') {
            inString = true;
            out += c;
        } else if (c == u'{' || c == u'[') {
            out += c;
            qsizetype next = i + 1;
            while (next < json.size() && json.at(next).isSpace())
                ++next;
            if (next < json.size() && (json.at(next) == u'}' || json.at(next) == u']')) {
                out += json.at(next); // empty: {} or []
                i = next;
                continue;
            }
            ++depth;
            newline();
        } else if (c == u'}' || c == u']') {
            --depth;
            newline();
            out += c;
        } else if (c == u',') {
            out += c;
            newline();
        } else if (c == u':') {
            out += QLatin1String(": ");
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace

StreamInspectorModel::StreamInspectorModel(StreamTimingOptions options, QObject *parent)
    : QAbstractTableModel(parent)
    , m_options(options)
    , m_timing(options)
{
    m_clock.start();
}

int StreamInspectorModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int StreamInspectorModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StreamInspectorModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case ArrivalColumn:
            return row.arrival.toString(QStringLiteral("HH:mm:ss.zzz"));
        case SinceRequestColumn:
            return row.sinceRequestMs;
        case GapColumn:
            return row.gapMs;
        case TypeColumn:
            return row.type;
        case IdColumn:
            return row.id;
        case SizeColumn:
            return qint64(row.size);
        case DataColumn: {
            QString line = row.data.left(kDataColumnChars);
            line.replace(u'\n', u' ');
            return row.data.size() > kDataColumnChars ? line + u'…' : line;
        }
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == SinceRequestColumn || index.column() == GapColumn
            || index.column() == SizeColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::BackgroundRole:
        return row.inBurst ? QVariant(kBurstBackground) : QVariant();
    case Qt::ForegroundRole:
        return row.inBurst ? QVariant(QColor(Qt::black)) : QVariant();
    case Qt::ToolTipRole:
        if (row.inBurst)
            return tr("Arrived in a buffered burst: held back, then sent together with its "
                      "neighbours");
        return {};
    case InBurstRole:
        return row.inBurst;
    case GapMsRole:
        return row.gapMs;
    case SinceRequestMsRole:
        return row.sinceRequestMs;
    case PrettyDataRole: {
        QJsonParseError error;
        const QJsonDocument json = QJsonDocument::fromJson(row.data.toUtf8(), &error);
        if (error.error != QJsonParseError::NoError || json.isNull())
            return row.data;
        return indentJson(row.data);
    }
    }
    return {};
}

QVariant StreamInspectorModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case ArrivalColumn:
            return tr("Arrival");
        case SinceRequestColumn:
            return tr("t (ms)");
        case GapColumn:
            return tr("Gap (ms)");
        case TypeColumn:
            return tr("Type");
        case IdColumn:
            return tr("Id");
        case SizeColumn:
            return tr("Size (B)");
        case DataColumn:
            return tr("Data");
        }
    } else if (role == Qt::ToolTipRole) {
        switch (section) {
        case ArrivalColumn:
            return tr("When the event arrived (local time)");
        case SinceRequestColumn:
            return tr("Milliseconds since the request was sent");
        case GapColumn:
            return tr("Milliseconds since the previous event (for the first, since the request)");
        case TypeColumn:
            return tr("The JSON \"type\", or the SSE event field");
        case IdColumn:
            return tr("The SSE event id (Last-Event-ID)");
        case SizeColumn:
            return tr("Size of the event's data in bytes (UTF-8)");
        case DataColumn:
            return tr("The event's data; select a row to see it in full");
        }
    }
    return {};
}

void StreamInspectorModel::requestSent(bool resume)
{
    if (!resume)
        clear();
    m_requestAt = m_clock.elapsed();
    if (!resume)
        m_answer.start(m_requestAt);
    m_lastActivityAt = m_requestAt;
    m_streaming = true;
    m_requestWallTime = QDateTime::currentDateTime();
    m_timing.requestSent(m_requestAt);
    emit timingChanged();
}

void StreamInspectorModel::addEvent(const SseEvent &event, qint64 msSinceRequest)
{
    const EventTiming timing = m_timing.eventArrived(m_requestAt + msSinceRequest);
    m_lastActivityAt = m_requestAt + msSinceRequest;
    if (m_rows.size() >= m_maxRows) {
        // Oldest first out, keeping the view's cost bounded on endless streams.
        const int excess = int(m_rows.size()) - m_maxRows + 1;
        beginRemoveRows({}, 0, excess - 1);
        m_rows.remove(0, excess);
        m_firstSequence += excess;
        endRemoveRows();
    }
    const QByteArray utf8 = event.data.toUtf8();
    const QJsonDocument json = QJsonDocument::fromJson(utf8);
    Row row;
    row.arrival = m_requestWallTime.addMSecs(msSinceRequest);
    row.sinceRequestMs = timing.sinceRequestMs;
    row.gapMs = timing.gapMs;
    row.type = typeOf(event, json);
    row.id = event.lastEventId;
    row.size = utf8.size();
    row.data = event.data;
    const int at = int(m_rows.size());
    beginInsertRows({}, at, at);
    m_rows.append(row);
    endInsertRows();
    if (timing.burst)
        flagBurst(timing.burst->firstEvent, timing.sequence);
    if (row.type == MessageType::Reasoning || row.type == MessageType::Delta
        || row.type == MessageType::Assistant) {
        if (const auto message = Message::fromJson(utf8))
            m_answer.add(*message, m_requestAt + msSinceRequest);
    }
    emit timingChanged();
}

void StreamInspectorModel::flagBurst(qint64 firstSequence, qint64 lastSequence)
{
    // Walk back from the newest row; rows flagged before end the walk.
    qint64 first = lastSequence - m_firstSequence;
    const qint64 stop = std::max<qint64>(0, firstSequence - m_firstSequence);
    const qint64 last = first;
    while (first >= stop && !m_rows.at(first).inBurst)
        m_rows[first--].inBurst = true;
    if (first < last)
        emit dataChanged(index(int(first + 1), 0), index(int(last), ColumnCount - 1));
}

qint64 StreamInspectorModel::silenceMs() const
{
    return m_clock.elapsed() - m_lastActivityAt;
}

void StreamInspectorModel::streamFinished()
{
    m_streaming = false;
    emit timingChanged();
}

void StreamInspectorModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_firstSequence = 0;
    m_timing = StreamTiming(m_options);
    endResetModel();
    emit timingChanged();
}

} // namespace rill
