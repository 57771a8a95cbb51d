# Calcule un score de robustesse très simplifié pour un mot de passe
mot = "Ete2024Soleil!"
score = 0

for c in mot:
    if c.isdigit():  # un chiffre
        score = score + 2
    elif c.isupper():  # une lettre majuscule
        score = score + 3
    elif not c.isalpha():  # ni chiffre ni lettre : un symbole
        score = score + 5

print(score)
