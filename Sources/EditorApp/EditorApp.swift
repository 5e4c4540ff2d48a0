// EditorApp
