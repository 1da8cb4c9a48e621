global using Logbook.Transform;
