import ArgumentParser

Praktika.main()
