"""The bundled sample province (fixture portals) and the server that serves them on 127.0.0.1."""
