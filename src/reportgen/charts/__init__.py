"""Charts: datasets as typed tables, one draw function per chart type, the house style."""
