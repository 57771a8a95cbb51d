import sys

from referential.content.generators import build

for path in build(sys.argv[1:] or None):
    print(path.name)
