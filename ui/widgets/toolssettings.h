#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QSettings;
class QTreeWidget;

namespace rill {

class McpServerSet;

// Settings ▸ Tools: each MCP server of --mcp-config with its state (ready,
// starting, failed and why) and its tools, each with a switch. The switches
// take effect on apply() (the dialog's OK) and are kept in the settings, so
// that a tool switched off stays off after a restart.
class ToolsSettings : public QWidget
{
    Q_OBJECT
public:
    explicit ToolsSettings(McpServerSet *tools, QWidget *parent = nullptr);

    // Switches the tools as the boxes say, and stores the ones switched off.
    void apply();

    // The tools switched off in `settings`, switched off in `tools` too.
    static void restore(McpServerSet *tools, const QSettings &settings);

private:
    void refresh();

    QPointer<McpServerSet> m_tools;
    QTreeWidget *m_tree;
    QLabel *m_note;
};

} // namespace rill
