// EditorCore
