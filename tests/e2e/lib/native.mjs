/**
 * What lies outside the webview, on the test's X display: native dialogs answered like a user
 * would with xdotool (installed by scripts/setup.sh), and the window manager's close request.
 */
import { execFileSync } from 'node:child_process';

const xdotool = (...args) => execFileSync('xdotool', args, { encoding: 'utf8', timeout: 60000 }).trim();

/**
 * What a window manager sends when the user clicks a window's close button: the ICCCM
 * WM_DELETE_WINDOW message (xdotool's windowclose would destroy the window instead, skipping
 * the app's close request). Sent through libX11 from Python's ctypes: no extra package.
 */
const SEND_DELETE_WINDOW = `
import ctypes, sys
x = ctypes.cdll.LoadLibrary('libX11.so.6')
x.XOpenDisplay.restype = ctypes.c_void_p
x.XOpenDisplay.argtypes = [ctypes.c_char_p]
x.XInternAtom.restype = ctypes.c_ulong
x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
class ClientMessage(ctypes.Structure):
    _fields_ = [('type', ctypes.c_int), ('serial', ctypes.c_ulong), ('send_event', ctypes.c_int),
                ('display', ctypes.c_void_p), ('window', ctypes.c_ulong), ('message_type', ctypes.c_ulong),
                ('format', ctypes.c_int), ('data', ctypes.c_long * 5)]
class Event(ctypes.Union):
    _fields_ = [('xclient', ClientMessage), ('pad', ctypes.c_long * 24)]
x.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long, ctypes.POINTER(Event)]
x.XFlush.argtypes = [ctypes.c_void_p]
x.XCloseDisplay.argtypes = [ctypes.c_void_p]
display = x.XOpenDisplay(None)
if not display:
    sys.exit('no X display')
event = Event()
event.xclient.type = 33  # ClientMessage
event.xclient.window = int(sys.argv[1])
event.xclient.message_type = x.XInternAtom(display, b'WM_PROTOCOLS', 0)
event.xclient.format = 32
event.xclient.data[0] = x.XInternAtom(display, b'WM_DELETE_WINDOW', 0)
x.XSendEvent(display, event.xclient.window, 0, 0, ctypes.byref(event))
x.XFlush(display)
x.XCloseDisplay(display)
`;

/** The visible top-level windows titled `title` (X window ids). */
export function windowsNamed(title) {
  try {
    return xdotool('search', '--onlyvisible', '--name', `^${title}$`).split('\n').filter(Boolean);
  } catch {
    return []; // xdotool exits 1 when nothing matches
  }
}

/** Asks the window titled `title` to close, as its title bar's close button does. */
export function requestClose(title) {
  const [window] = xdotool('search', '--sync', '--onlyvisible', '--name', `^${title}$`).split('\n');
  execFileSync('python3', ['-c', SEND_DELETE_WINDOW, window], { encoding: 'utf8', timeout: 30000 });
}

/** Waits for the save dialog titled `title`, types `path` over the suggested name and confirms. */
export function answerSaveDialog(title, path) {
  const window = xdotool('search', '--sync', '--onlyvisible', '--name', title).split('\n')[0];
  xdotool('windowfocus', '--sync', window);
  xdotool('key', '--clearmodifiers', 'ctrl+a');
  xdotool('type', '--delay', '20', path);
  xdotool('key', 'Return');
}
