#pragma once

#include <QMenu>

class QActionGroup;
class QMainWindow;

namespace rill {

class ThemeSwitcher;
enum class Theme;

// View ▸ Theme: System, Light or Dark, one checked; a choice is kept for the
// next start.
class ThemeMenu : public QMenu
{
    Q_OBJECT
public:
    ThemeMenu(ThemeSwitcher *switcher, QWidget *parent = nullptr);

    // Adds the menu to the window's View menu (made if it has none).
    static ThemeMenu *install(QMainWindow *window, ThemeSwitcher *switcher);

private:
    void check(Theme theme);

    QActionGroup *m_group;
};

} // namespace rill
