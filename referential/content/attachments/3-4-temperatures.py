# Relevés de température de la semaine, en degrés Celsius
temperatures = [14, 17, 21, 19, 12, 23, 16]

total = 0
nb = 0
for t in temperatures:
    if t > 15:
        total = total + t
        nb = nb + 1

print(total / nb)
