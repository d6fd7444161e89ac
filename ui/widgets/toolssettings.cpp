#include "ui/widgets/toolssettings.h"

#include "server/agent/mcp/mcpserverset.h"

#include <QHeaderView>
#include <QLabel>
#include <QSettings>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace rill {

namespace {

const QString kDisabledKey = QStringLiteral("tools/disabled");
constexpr int kKeyRole = Qt::UserRole + 1; // "server/tool" on a tool's row

QString stateText(const McpServer *server)
{
    switch (server->state()) {
    case McpServer::State::Ready:
        return ToolsSettings::tr("ready, %n tool(s)", "", int(server->tools().size()));
    case McpServer::State::Starting:
        return ToolsSettings::tr("starting…");
    case McpServer::State::Stopped:
        return ToolsSettings::tr("stopped");
    case McpServer::State::Failed:
        return ToolsSettings::tr("failed: %1").arg(server->failureReason());
    }
    return {};
}

} // namespace

ToolsSettings::ToolsSettings(McpServerSet *tools, QWidget *parent)
    : QWidget(parent)
    , m_tools(tools)
    , m_tree(new QTreeWidget(this))
    , m_note(new QLabel(this))
{
    m_tree->setObjectName(QStringLiteral("toolsTree"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({ tr("Server / tool"), tr("State") });
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_note->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_note);
    layout->addWidget(m_tree, 1);
    if (m_tools)
        connect(m_tools, &McpServerSet::changed, this, &ToolsSettings::refresh);
    refresh();
}

void ToolsSettings::refresh()
{
    // The boxes the user already changed stay as they are while the list is rebuilt.
    QHash<QString, bool> checked;
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *server = m_tree->topLevelItem(i);
        for (int j = 0; j < server->childCount(); ++j)
            checked.insert(server->child(j)->data(0, kKeyRole).toString(),
                server->child(j)->checkState(0) == Qt::Checked);
    }
    m_tree->clear();
    const bool any = m_tools && !m_tools->isEmpty();
    m_note->setText(any ? tr("Switched-off tools are not offered to the model. A tool the "
                             "configuration does not trust asks before each call.")
                        : tr("No MCP servers. Start Rill with --mcp-config FILE to give the "
                             "model tools."));
    m_tree->setVisible(any);
    if (!any)
        return;
    const QList<McpToolEntry> entries = m_tools->tools();
    for (McpServer *server : m_tools->servers()) {
        auto *serverItem = new QTreeWidgetItem(m_tree, { server->name(), stateText(server) });
        for (const McpToolEntry &entry : entries) {
            if (entry.server != server)
                continue;
            const McpTool &tool = entry.tool;
            const QString key = server->name() + u'/' + tool.name;
            // Trusted by the configuration, or by an "Always" since Rill started.
            auto *toolItem = new QTreeWidgetItem(
                serverItem, { tool.name, entry.trusted ? tr("trusted") : tr("asks first") });
            toolItem->setData(0, kKeyRole, key);
            toolItem->setToolTip(0, tool.description);
            toolItem->setCheckState(0,
                checked.value(key, m_tools->isToolEnabled(server->name(), tool.name))
                    ? Qt::Checked
                    : Qt::Unchecked);
        }
        serverItem->setExpanded(true);
    }
}

void ToolsSettings::apply()
{
    if (!m_tools)
        return;
    QStringList disabled = m_tools->disabledTools();
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *server = m_tree->topLevelItem(i);
        for (int j = 0; j < server->childCount(); ++j) {
            const QString key = server->child(j)->data(0, kKeyRole).toString();
            disabled.removeAll(key);
            if (server->child(j)->checkState(0) != Qt::Checked)
                disabled.append(key);
        }
    }
    disabled.sort();
    // Tools of servers not listed now (still starting, or gone from the
    // configuration) keep their switch.
    m_tools->setDisabledTools(disabled);
    QSettings().setValue(kDisabledKey, disabled);
}

void ToolsSettings::restore(McpServerSet *tools, const QSettings &settings)
{
    if (tools)
        tools->setDisabledTools(settings.value(kDisabledKey).toStringList());
}

} // namespace rill
